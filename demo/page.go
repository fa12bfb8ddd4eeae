package demo

import (
	"html"
	"strings"
)

// The pages are written in plain Go rather than with html/template:
// text/template calls methods by name through reflect, which makes the
// linker keep every exported method of every type in the program. In raqib
// that was 3.4 MiB of the binary, nearly all of it resident in the daemon.

// page is what the head of every page needs.
type page struct {
	lang, title string
	published   string // RFC 3339; empty on listings
}

// tr picks the Arabic or the English text for the page's language.
func (p page) tr(ar, en string) string {
	if p.lang == "ar" {
		return ar
	}
	return en
}

func (p page) head(b *strings.Builder) {
	title := html.EscapeString(p.title)
	b.WriteString("<!doctype html>\n<html lang=\"" + p.lang + "\" dir=\"" + p.tr("rtl", "ltr") + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>" + title + "</title>\n<meta property=\"og:title\" content=\"" + title + "\">\n")
	if p.published != "" {
		b.WriteString("<meta property=\"article:published_time\" content=\"" + p.published + "\">\n")
	}
	b.WriteString("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/en/rss.xml\">\n</head>\n<body>\n")
	b.WriteString("<header class=\"site-header\"><a href=\"/\">" + p.tr("الرافدين نيوز", "Rafidain News") + "</a></header>\n")
	b.WriteString("<nav class=\"menu\">\n")
	b.WriteString("  <a href=\"/" + p.lang + "/\">" + p.tr("الرئيسية", "Home") + "</a>\n")
	b.WriteString("  <a href=\"/" + p.lang + "/about.html\">" + p.tr("من نحن", "About") + "</a>\n")
	b.WriteString("  <a href=\"/" + p.lang + "/contact.html\">" + p.tr("اتصل بنا", "Contact") + "</a>\n")
	b.WriteString("</nav>\n")
}

func (p page) foot(b *strings.Builder) {
	b.WriteString("<footer class=\"site-footer\">© Rafidain News, a sample site bundled with raqib. All events are invented.</footer>\n</body>\n</html>\n")
}

// listingPage is a list of headlines linking to the articles.
func listingPage(lang, title string, articles []Article) string {
	p := page{lang: lang, title: title}
	var b strings.Builder
	p.head(&b)
	b.WriteString("<main>\n<h1>" + html.EscapeString(title) + "</h1>\n<ul class=\"news-list\">\n")
	for _, a := range articles {
		b.WriteString("  <li><a class=\"headline\" href=\"" + html.EscapeString(a.Path) + "\">" + html.EscapeString(a.Title) + "</a></li>\n")
	}
	b.WriteString("</ul>\n</main>\n")
	p.foot(&b)
	return b.String()
}

// articlePage is one article, body (trusted HTML from site/) as it is, with a
// related-news block that names other attacks, which must not count.
func articlePage(lang, title, published string, body []byte) string {
	p := page{lang: lang, title: title, published: published}
	var b strings.Builder
	p.head(&b)
	b.WriteString("<main>\n<article>\n<h1>" + html.EscapeString(title) + "</h1>\n")
	b.WriteString("<time datetime=\"" + published + "\">" + published + "</time>\n")
	b.WriteString("<div class=\"article-body\">\n")
	b.Write(body)
	b.WriteString("\n</div>\n</article>\n<aside class=\"related\">\n<h3>" + p.tr("أخبار ذات صلة", "Related") + "</h3>\n<ul>\n")
	b.WriteString(p.tr(
		"<li><a href=\"/ar/archive/1.html\">قصف بالهاون على السفارة الأمريكية في بغداد العام الماضي</a></li>\n<li><a href=\"/ar/archive/2.html\">هجوم بثلاث طائرات مسيرة على قاعدة حرير</a></li>\n",
		"<li><a href=\"/en/archive/1.html\">Rockets hit the US embassy in Baghdad last year</a></li>\n<li><a href=\"/en/archive/2.html\">Drone attack on Al-Tanf garrison repelled</a></li>\n"))
	b.WriteString("</ul>\n</aside>\n</main>\n")
	p.foot(&b)
	return b.String()
}
