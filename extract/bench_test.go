package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusText joins the dev articles (23 Arabic, 7 English... as labelled)
// into one realistic text, repeated up to n bytes.
func corpusText(b testing.TB, n int, arabicOnly bool) string {
	files, err := filepath.Glob("testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatal("no corpus", err)
	}
	var all strings.Builder
	for all.Len() < n {
		for _, f := range files {
			body, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			if arabicOnly && detectLang(tokenize(string(body))) != "ar" {
				continue
			}
			all.Write(body)
			all.WriteString("\n\n")
			if all.Len() >= n {
				break
			}
		}
	}
	return all.String()[:n]
}

// BenchmarkExtract reports MB/s on Arabic news text: per article, and on
// 64 KiB and 1 MiB inputs to show that time grows linearly with size. The
// article's day is given, as every pass gives it, so that days are read.
func BenchmarkExtract(b *testing.B) {
	e := newDefault(b)
	b.Run("article", func(b *testing.B) {
		body, err := os.ReadFile("testdata/corpus/01.txt")
		if err != nil {
			b.Fatal(err)
		}
		text := string(body)
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			e.Extract(text, "auto", "2026-12-04")
		}
	})
	for _, size := range []struct {
		name string
		n    int
	}{{"64KiB", 64 << 10}, {"1MiB", 1 << 20}} {
		text := corpusText(b, size.n, true)
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				e.Extract(text, "auto", "2026-12-04")
			}
		})
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newDefault(b)
	}
}
