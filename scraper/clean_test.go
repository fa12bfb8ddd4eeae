package scraper

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestNamesChrome(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"related-posts", true},
		{"relatedNews", true},
		{"post_related", true},
		{"social-share sharebar", true},
		{"comments-area", true},
		{"newsletter-signup", true},
		{"breadcrumbs", true},
		{"ad", true},
		{"ad-slot", true},
		{"ads2", true},
		{"ad300x250", true},
		{"google-ads", true},
		{"advertisement", true},
		{"story-body", false},
		{"header-adjacent", false},
		{"address", false},
		{"add-to-cart", false},
		{"read-more-commentary", false},
		{"shadow lead heading", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := namesChrome(tt.v); got != tt.want {
			t.Errorf("namesChrome(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

// TestCleanTree removes chrome blocks, related lists named only by their
// heading, and keeps a page-wide ASP.NET form and an ads-classed wrapper
// around the headline.
func TestCleanTree(t *testing.T) {
	tests := []struct {
		name    string
		page    string
		keep    []string
		dropped []string
	}{
		{
			name:    "related list by Arabic heading",
			page:    `<div><p>نص الخبر عن هجوم على قاعدة حرير.</p><div class="box"><h3>اقرأ أيضاً:</h3><ul><li><a href="/1">ثلاث هجمات على عين الأسد</a></li></ul></div></div>`,
			keep:    []string{"نص الخبر"},
			dropped: []string{"اقرأ", "عين الأسد"},
		},
		{
			name:    "related heading followed by sibling lists",
			page:    `<div class="content"><p>Body text of the story about the base and what happened there overnight.</p><h2>Related stories</h2><ul><li><a href="/1">Embassy hit</a></li></ul><ul><li><a href="/2">Harir hit</a></li></ul><p>Closing line of the story.</p></div>`,
			keep:    []string{"Body text", "Closing line"},
			dropped: []string{"Related", "Embassy", "Harir"},
		},
		{
			name:    "read-also paragraph inside the article",
			page:    `<article><p>First paragraph of the story.</p><p><strong>اقرأ أيضا:</strong> <a href="/x">عنوان خبر آخر عن السفارة</a></p><p>Last paragraph.</p></article>`,
			keep:    []string{"First paragraph", "Last paragraph"},
			dropped: []string{"السفارة"},
		},
		{
			name: "a sentence that uses the word related stays",
			page: `<article><p>Officials related the story.</p><p>Second line.</p></article>`,
			keep: []string{"Officials related the story.", "Second line."},
		},
		{
			name: "ASP.NET form around the page stays",
			page: `<form id="form1"><div class="content"><h1>Title</h1><p>One.</p><p>Two.</p></div></form><form class="search"><input name="q"><p>Search</p></form>`,
			keep: []string{"One.", "Two."}, dropped: []string{"Search"},
		},
		{
			name: "wrapper whose class says ads but holds the headline stays",
			page: `<div class="page has-ads"><h1>Headline</h1><p>Story.</p><div class="ads">Buy now</div></div>`,
			keep: []string{"Headline", "Story."}, dropped: []string{"Buy now"},
		},
		{
			name:    "hidden and inline-styled hidden blocks go",
			page:    `<div><p>Shown.</p><p style="display: none">Gone one.</p><div aria-hidden="true">Gone two.</div></div>`,
			keep:    []string{"Shown."},
			dropped: []string{"Gone"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><body>" + tt.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			body := doc.LastChild.LastChild
			cleanTree(body)
			text := renderText(body)
			for _, s := range tt.keep {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tt.dropped {
				if strings.Contains(text, s) {
					t.Errorf("text keeps %q:\n%s", s, text)
				}
			}
		})
	}
}

func TestRenderText(t *testing.T) {
	tests := []struct {
		name string
		page string
		want string
	}{
		{"paragraphs and list items end lines", `<p>a  b</p><ul><li>قاعدة حرير: مرتين</li><li>قاعدة عين الأسد:   ثلاث عمليات</li></ul>`, "a b\nقاعدة حرير: مرتين\nقاعدة عين الأسد: ثلاث عمليات"},
		{"inline tags do not break lines", `<p>two <b>rockets</b>, <a href="#">one</a>drone</p>`, "two rockets, onedrone"},
		{"br and headings", `<h2>Title</h2>line one<br>line two<br/><br>line three`, "Title\nline one\nline two\nline three"},
		{"table rows are lines, cells spaced", `<table><tr><td>Harir</td><td>2</td></tr><tr><th>Erbil</th><td>1</td></tr></table>`, "Harir 2\nErbil 1"},
		{"nbsp and newlines collapse", "<div>a\u00a0\u00a0b\n\n  c</div>", "a b c"},
		{"pre keeps its lines", "<pre>one\ntwo</pre>", "one\ntwo"},
		{"script and style are no text", `<p>x<script>var a = 1;</script><style>p{}</style></p>`, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><body>" + tt.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			if got := renderText(doc); got != tt.want {
				t.Errorf("renderText = %q, want %q", got, tt.want)
			}
		})
	}
}
