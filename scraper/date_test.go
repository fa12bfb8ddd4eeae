package scraper

import (
	"testing"
)

func TestParseArticlePublished(t *testing.T) {
	const body = `<article><p>Two rockets hit the base on Tuesday, officials said; no one was hurt.</p></article>`
	tests := []struct {
		name string
		head string // placed in <head>
		page string // placed in <body>, before the article
		want string // RFC 3339; empty: zero time
	}{
		{name: "article:published_time", head: `<meta property="article:published_time" content="2024-02-06T06:25:00+03:00">`, want: "2024-02-06T06:25:00+03:00"},
		{name: "og:published_time by name", head: `<meta name="og:published_time" content="2024-02-06T06:25:00Z">`, want: "2024-02-06T06:25:00Z"},
		{name: "itemprop meta", head: `<meta itemprop="datePublished" content="2024-02-06">`, want: "2024-02-06T00:00:00Z"},
		{name: "Dublin Core", head: `<meta name="DC.date.issued" content="2024-02-06 06:25:00">`, want: "2024-02-06T06:25:00Z"},
		{name: "meta order: published before modified and date", head: `<meta name="date" content="2020-01-01"><meta property="article:modified_time" content="2024-03-01T00:00:00Z"><meta property="article:published_time" content="2024-02-06T06:25:00+03:00">`, want: "2024-02-06T06:25:00+03:00"},
		{name: "JSON-LD", head: `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-02-06T06:25:00+03:00"}</script>`, want: "2024-02-06T06:25:00+03:00"},
		{name: "JSON-LD @graph, article preferred", head: `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","datePublished":"2023-01-01T00:00:00Z"},{"@type":["NewsArticle"],"datePublished":"2024-02-06T06:25+03:00"}]}</script>`, want: "2024-02-06T06:25:00+03:00"},
		{name: "JSON-LD array, CDATA wrapper", head: "<script type=\"application/ld+json\">//<![CDATA[\n[{\"@type\":\"BlogPosting\",\"datePublished\":\"2024-02-06T06:25:00+0300\"}]\n//]]></script>", want: "2024-02-06T06:25:00+03:00"},
		{name: "broken JSON-LD, then a good one", head: `<script type="application/ld+json">{"@type":</script><script type="application/ld+json">{"@type":"Article","datePublished":"2024-02-06"}</script>`, want: "2024-02-06T00:00:00Z"},
		{name: "time in the article wins over related list", page: `<aside class="related"><time datetime="2023-05-05">old</time></aside><article><time datetime="2024-02-06T06:25">Tue</time></article>`, want: "2024-02-06T06:25:00Z"},
		{name: "time outside chrome", page: `<div class="related"><time datetime="2023-05-05">old</time></div><p class="byline"><time datetime="2024-02-06T06:25:00.000+03:00">Tue</time></p>`, want: "2024-02-06T06:25:00+03:00"},
		{name: "unparsable date ignored", head: `<meta property="article:published_time" content="yesterday">`, page: `<article><time datetime="2024-02-06">Tue</time></article>`, want: "2024-02-06T00:00:00Z"},
		{name: "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<html><head>" + tt.head + "</head><body>" + tt.page + body + "</body></html>"
			art, err := ParseArticle([]byte(page), "text/html", "", Selectors{})
			if err != nil {
				t.Fatal(err)
			}
			checkTime(t, art.Published, tt.want)
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339; empty: no parse
	}{
		{"2024-02-06T06:25:00+03:00", "2024-02-06T06:25:00+03:00"},
		{"2024-02-06T06:25:00.123Z", "2024-02-06T06:25:00.123Z"},
		{"2024-02-06T06:25:00+0300", "2024-02-06T06:25:00+03:00"},
		{"2024-02-06T06:25+03:00", "2024-02-06T06:25:00+03:00"},
		{"2024-02-06T06:25:00", "2024-02-06T06:25:00Z"},
		{"2024-02-06T06:25", "2024-02-06T06:25:00Z"},
		{"2024-02-06 06:25:00", "2024-02-06T06:25:00Z"},
		{"2024-02-06 06:25:00 +0300", "2024-02-06T06:25:00+03:00"},
		{"2024-02-06 06:25", "2024-02-06T06:25:00Z"},
		{" 2024-02-06 ", "2024-02-06T00:00:00Z"},
		{"2024/02/06", "2024-02-06T00:00:00Z"},
		{"Tue, 06 Feb 2024 06:25:00 +0300", "2024-02-06T06:25:00+03:00"},
		{"February 6, 2024", "2024-02-06T00:00:00Z"},
		{"0001-01-01T00:00:00Z", ""},
		{"06/02/2024", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseTime(tt.in)
			if tt.want == "" {
				if ok {
					t.Errorf("parseTime(%q) = %v, want no parse", tt.in, got)
				}
				return
			}
			if !ok {
				t.Fatalf("parseTime(%q) failed", tt.in)
			}
			checkTime(t, got, tt.want)
		})
	}
}
