// Package httpapitest holds what the tests of package httpapi and of the aggregates' HTTP
// packages share; only tests import it.
package httpapitest

// StrictSeeds are the seed bodies of the strict-JSON fuzz tests (httpapi's FuzzStrictJSON, and
// each aggregate's fuzz of its request bodies): repeated keys at every depth, lone and paired
// surrogate escapes, case-folded and escaped key names, and a hub body with its nested members.
var StrictSeeds = []string{
	`{}`, `{"a":1,"a":2}`, `{"a":{"b":[{"c":1,"c":2}]}}`, `"\ud800"`, `"\\ud800"`, `"\ud83d\ude00"`,
	`["\udc00"]`, `{"\u0061":1,"a":2}`, `[1,"x",true,null,{"k":-0.5e3}]`, `{"a" : [ 1 , 2 ] , "b" : { } }`, `"\ud800\u`, `{"a":`,
	`{"hubName":"a","address":{"address1":"b"},"location":{"latitude":1,"longitude":2}}`, `{"hubname":"a"}`,
	`{"HUBNAME":"a","ADDRESS":{"ADDRESS1":"b"}}`, `{"hubName":"a","hubName":"b"}`, `{"address":{"address1":"x","address1":"y"}}`,
	`{"location":{"latitude":1,"longitude":2,"latitude":3}}`, `{"address":null,"location":null}`, `{"hubManagerId":null}`,
	`{"\u0068ubName":"a","address":{"address\u0031":"b"}}`, `{"address":{"address1":"b","Address2":"c"}}`,
}
