package names

import "unicode"

// The three sets of code points the name rules speak of, written out from the Unicode Character
// Database 15.0.0 (PropList.txt and DerivedCoreProperties.txt), the version of the
// golang.org/x/text tables hubd uses. They are spelled out here rather than taken from Go's
// unicode package so that a Go upgrade cannot quietly change which names collide: tables_test.go
// checks them against the standard library's tables of the same properties, and fails when those
// move, which is when Version must change too.

// whiteSpace is Unicode's White_Space property (PropList.txt): the ASCII spaces and line breaks,
// NEL, NO-BREAK SPACE, OGHAM SPACE MARK, the spaces U+2000 to U+200A, LINE and PARAGRAPH
// SEPARATOR, NARROW NO-BREAK SPACE, MEDIUM MATHEMATICAL SPACE and IDEOGRAPHIC SPACE. Zero-width
// characters are not in it: they are default-ignorable.
var whiteSpace = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x0009, Hi: 0x000d, Stride: 1},
		{Lo: 0x0020, Hi: 0x0020, Stride: 1},
		{Lo: 0x0085, Hi: 0x0085, Stride: 1},
		{Lo: 0x00a0, Hi: 0x00a0, Stride: 1},
		{Lo: 0x1680, Hi: 0x1680, Stride: 1},
		{Lo: 0x2000, Hi: 0x200a, Stride: 1},
		{Lo: 0x2028, Hi: 0x2029, Stride: 1},
		{Lo: 0x202f, Hi: 0x202f, Stride: 1},
		{Lo: 0x205f, Hi: 0x205f, Stride: 1},
		{Lo: 0x3000, Hi: 0x3000, Stride: 1},
	},
	LatinOffset: 4,
}

// bidiControls is Unicode's Bidi_Control property (PropList.txt): ARABIC LETTER MARK,
// LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK, the embeddings and overrides U+202A to U+202E, and the
// isolates U+2066 to U+2069. They can make a name display in another order than it is stored.
var bidiControls = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x061c, Hi: 0x061c, Stride: 1},
		{Lo: 0x200e, Hi: 0x200f, Stride: 1},
		{Lo: 0x202a, Hi: 0x202e, Stride: 1},
		{Lo: 0x2066, Hi: 0x2069, Stride: 1},
	},
}

// defaultIgnorable is Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt,
// 4,174 code points): characters that render as nothing when not supported, such as SOFT HYPHEN,
// the zero-width space and joiners, word joiner, the BOM (ZERO WIDTH NO-BREAK SPACE), variation
// selectors, the Hangul fillers, tag characters, and the code points reserved for more of them.
var defaultIgnorable = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00ad, Hi: 0x00ad, Stride: 1}, // SOFT HYPHEN
		{Lo: 0x034f, Hi: 0x034f, Stride: 1}, // COMBINING GRAPHEME JOINER
		{Lo: 0x061c, Hi: 0x061c, Stride: 1}, // ARABIC LETTER MARK
		{Lo: 0x115f, Hi: 0x1160, Stride: 1}, // HANGUL CHOSEONG FILLER, JUNGSEONG FILLER
		{Lo: 0x17b4, Hi: 0x17b5, Stride: 1}, // KHMER VOWEL INHERENT AQ, AA
		{Lo: 0x180b, Hi: 0x180f, Stride: 1}, // MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
		{Lo: 0x200b, Hi: 0x200f, Stride: 1}, // ZERO WIDTH SPACE .. RIGHT-TO-LEFT MARK
		{Lo: 0x202a, Hi: 0x202e, Stride: 1}, // bidi embeddings and overrides
		{Lo: 0x2060, Hi: 0x206f, Stride: 1}, // WORD JOINER .. NOMINAL DIGIT SHAPES, isolates
		{Lo: 0x3164, Hi: 0x3164, Stride: 1}, // HANGUL FILLER
		{Lo: 0xfe00, Hi: 0xfe0f, Stride: 1}, // VARIATION SELECTOR-1 .. 16
		{Lo: 0xfeff, Hi: 0xfeff, Stride: 1}, // ZERO WIDTH NO-BREAK SPACE (BOM)
		{Lo: 0xffa0, Hi: 0xffa0, Stride: 1}, // HALFWIDTH HANGUL FILLER
		{Lo: 0xfff0, Hi: 0xfff8, Stride: 1}, // reserved
	},
	LatinOffset: 1,
	R32: []unicode.Range32{
		{Lo: 0x1bca0, Hi: 0x1bca3, Stride: 1}, // SHORTHAND FORMAT controls
		{Lo: 0x1d173, Hi: 0x1d17a, Stride: 1}, // MUSICAL SYMBOL BEGIN BEAM .. END PHRASE
		{Lo: 0xe0000, Hi: 0xe0fff, Stride: 1}, // tags, VARIATION SELECTOR-17 .. 256, reserved
	},
}
