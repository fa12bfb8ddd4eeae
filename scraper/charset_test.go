package scraper

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// win1256 encodes s in windows-1256.
func win1256(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1256.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeHTML(t *testing.T) {
	const arabic = "قاعدة عين الأسد: ثلاث عمليات"
	padding := "<meta name=\"x\" content=\"" + strings.Repeat("a", 2000) + "\">"
	tests := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"utf-8 undeclared", []byte("<p>" + arabic), ""},
		{"utf-8 declared in header", []byte("<p>" + arabic), "text/html; charset=UTF-8"},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, "<p>"+arabic...), "text/html; charset=windows-1256"},
		{"windows-1256 in header", win1256(t, "<p>"+arabic), "text/html; charset=windows-1256"},
		{"windows-1256 in header, other alias", win1256(t, "<p>"+arabic), "text/html; charset=cp1256"},
		{"windows-1256 in meta charset", win1256(t, `<meta charset="windows-1256"><p>`+arabic), "text/html"},
		{"windows-1256 in http-equiv", win1256(t, `<meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><p>`+arabic), ""},
		{"meta after the first 1024 bytes", win1256(t, "<head>"+padding+`<meta charset="windows-1256"></head><p>`+arabic), ""},
		{"header says utf-8, bytes and meta say windows-1256", win1256(t, `<meta charset="windows-1256"><p>`+arabic), "text/html; charset=utf-8"},
		{"meta says utf-8, bytes are windows-1256", win1256(t, `<meta charset="utf-8"><p>`+arabic), ""},
		{"nothing declared, not utf-8", win1256(t, "<p>"+arabic), ""},
		{"unknown header charset, meta", win1256(t, `<meta charset="windows-1256"><p>`+arabic), "text/html; charset=x-nonsense"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeHTML(tt.body, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(got, []byte(arabic)) {
				t.Errorf("decoded body lacks %q: %q", arabic, got[max(0, len(got)-80):])
			}
		})
	}
}

// TestDecodeHTMLCorpus checks the corpus page that declares windows-1256
// only in <meta charset>, and the same page once Colly has converted it
// after a header declaration (the body is then UTF-8 but its meta still
// says windows-1256, and the caller passes the UTF-8 content type).
func TestDecodeHTMLCorpus(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "ar-windows1256-32.html"))
	if err != nil {
		t.Fatal(err)
	}
	converted, err := charmap.Windows1256.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"meta only", raw, "text/html"},
		{"converted by Colly", converted, utf8ContentType("text/html; charset=windows-1256")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeHTML(tt.body, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, converted) {
				t.Errorf("decoded page differs from the windows-1256 decoding")
			}
		})
	}
}

func TestCollyDecoded(t *testing.T) {
	tests := []struct {
		contentType string
		want        bool
	}{
		{"", false},
		{"text/html", false},
		{"text/html; charset=utf-8", false},
		{"text/html;charset=UTF8", false},
		{"text/html; charset=windows-1256", true},
		{"application/rss+xml; charset=ISO-8859-6", true},
	}
	for _, tt := range tests {
		if got := collyDecoded(tt.contentType); got != tt.want {
			t.Errorf("collyDecoded(%q) = %v, want %v", tt.contentType, got, tt.want)
		}
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"doctype", "<!DOCTYPE html><html><body><p>x</p></body></html>", true},
		{"html tag after a comment", "<!-- saved -->\n<html><p>x</p></html>", true},
		{"BOM and whitespace", "\uFEFF\n  <HTML><BODY>x", true},
		{"fragment", "<div class=story><p>Two rockets</p></div>", true},
		{"plain Arabic text", "قاعدة عين الأسد: ثلاث عمليات\nوقال المصدر", false},
		{"plain text quoting a tag", "The page used a <p> tag badly.", false},
		{"starts with a bracket", "<<breaking>> two rockets hit the base", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikeHTML([]byte(tt.body)); got != tt.want {
				t.Errorf("LooksLikeHTML = %v, want %v", got, tt.want)
			}
		})
	}
}
