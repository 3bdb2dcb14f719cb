package httpapi

// AppendAddress appends the contract's address member of a hub or a company,
// `,"address":{"zipCode":…,"address1":…,"address2":…}`, as encoding/json writes it.
func AppendAddress(b []byte, zipCode, address1, address2 string) []byte {
	b = append(b, `,"address":{"zipCode":`...)
	b = AppendJSONString(b, zipCode)
	b = append(b, `,"address1":`...)
	b = AppendJSONString(b, address1)
	b = append(b, `,"address2":`...)
	b = AppendJSONString(b, address2)
	return append(b, '}')
}
