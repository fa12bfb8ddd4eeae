package scraper

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// metaScanLimit is how far into a page a <meta charset> is looked for. HTML
// wants it in the first 1024 bytes (all that charset.DetermineEncoding reads),
// but news sites put scripts and tracking tags first.
const metaScanLimit = 64 << 10

// fallbackCharset decodes a page that declares nothing and is not UTF-8. The
// sources are Arabic and English, and windows-1256 keeps ASCII and the
// Latin-1 letters French and English pages use where windows-1252 has them.
const fallbackCharset = "windows-1256"

// decodeHTML returns body as UTF-8. The encoding is, in order: a byte order
// mark, the charset of contentType, a <meta charset> or http-equiv
// Content-Type in the head, UTF-8 when the bytes are valid UTF-8, and
// fallbackCharset. A declared UTF-8 that the bytes contradict is not
// trusted, since servers often send a blanket charset=utf-8.
func decodeHTML(body []byte, contentType string) ([]byte, error) {
	if name, n := bomCharset(body); name != "" {
		return decodeAs(body[n:], name)
	}
	valid := utf8.Valid(body)
	// The meta is looked for only when the header has not settled it.
	for _, declared := range []func() string{
		func() string { return headerCharset(contentType) },
		func() string { return metaCharset(body) },
	} {
		_, name := charset.Lookup(declared())
		switch {
		case name == "":
			continue // none or unknown: try the next declaration
		case name == "utf-8" || strings.HasPrefix(name, "utf-16"):
			// A page that declares UTF-16 in ASCII is not UTF-16 (HTML
			// says so); both mean UTF-8 here, when the bytes agree.
			if valid {
				return body, nil
			}
			continue
		}
		return decodeAs(body, name)
	}
	if valid {
		return body, nil
	}
	return decodeAs(body, fallbackCharset)
}

// bomCharset returns the encoding a byte order mark names and its length.
func bomCharset(b []byte) (string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "utf-16be", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "utf-16le", 2
	}
	return "", 0
}

func decodeAs(body []byte, label string) ([]byte, error) {
	e, name := charset.Lookup(label)
	if e == nil {
		return nil, fmt.Errorf("unknown charset %q", label)
	}
	if name == "utf-8" {
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), nil
	}
	out, err := e.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return out, nil
}

// headerCharset returns the charset parameter of a Content-Type value.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// metaCharset returns the charset declared by a <meta> before <body>: either
// <meta charset> or <meta http-equiv="Content-Type" content="...; charset=">.
func metaCharset(body []byte) string {
	if len(body) > metaScanLimit {
		body = body[:metaScanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				if cs := metaTagCharset(z, hasAttr); cs != "" {
					return cs
				}
			}
		}
	}
}

func metaTagCharset(z *html.Tokenizer, hasAttr bool) string {
	var httpEquiv bool
	var content string
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch strings.ToLower(string(k)) {
		case "charset":
			return strings.TrimSpace(string(v))
		case "http-equiv":
			httpEquiv = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
		case "content":
			content = string(v)
		}
	}
	if httpEquiv {
		return headerCharset(content)
	}
	return ""
}

// collyDecoded reports whether Colly has already turned the body of a
// response with this Content-Type header into UTF-8. Colly (v2.3.0,
// Response.fixCharset) converts every body whose header mentions a charset
// other than UTF-8, and leaves the rest alone; the page's own <meta charset>
// then still names the old encoding and must not be applied a second time.
func collyDecoded(contentType string) bool {
	ct := strings.ToLower(contentType)
	return strings.Contains(ct, "charset") &&
		!strings.Contains(ct, "utf-8") && !strings.Contains(ct, "utf8")
}

// utf8ContentType is the Content-Type to pass on for a body that Colly has
// decoded: the same media type, now in UTF-8.
func utf8ContentType(contentType string) string {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil || media == "" {
		media = "text/html"
	}
	return mime.FormatMediaType(media, map[string]string{"charset": "utf-8"})
}
