package benchsite

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// bases are the sites the tally lists name, as Arabic outlets write them.
var bases = []string{
	"قاعدة عين الأسد الجوية", "قاعدة حرير", "مطار أربيل الدولي", "قاعدة فكتوريا",
	"قاعدة التنف", "قاعدة كي وان", "معسكر التاجي", "قاعدة بلد الجوية",
}

// counts are the Arabic phrasings of 1..6 attacks.
var counts = []string{
	"عملية واحدة", "عمليتان", "ثلاث عمليات", "أربع عمليات", "خمس عمليات", "ست عمليات",
}

// filler is ordinary news prose that names no attack, rotated into the
// article's paragraphs and the page's blocks.
var filler = []string{
	"وقال مصدر حكومي في بغداد إن الحكومة تتابع التطورات الأمنية عن كثب، وإن الأجهزة المختصة تعمل على تحديد الجهات المسؤولة ومحاسبتها وفق القانون، مؤكداً أن العراق لن يكون ساحة لتصفية الحسابات الإقليمية والدولية.",
	"وتأتي هذه التطورات في ظل توتر إقليمي متصاعد منذ أشهر، إذ تتبادل الأطراف الاتهامات بشأن المسؤولية عن التصعيد، فيما تدعو أطراف سياسية عراقية إلى ضبط النفس وتغليب لغة الحوار وتجنيب البلاد تداعيات الصراع.",
	"وأشار محللون سياسيون إلى أن استمرار هذا المسار قد ينعكس على المفاوضات الجارية بشأن مستقبل الوجود الأجنبي في البلاد، وعلى الجدول الزمني الذي أعلنته الحكومة لإنهاء مهمة التحالف الدولي وتحويل العلاقة إلى شراكة ثنائية.",
	"وفي سياق متصل، عقد مجلس الوزراء جلسته الاعتيادية برئاسة رئيس الوزراء، وناقش عدداً من الملفات الاقتصادية والخدمية، من بينها ملف الكهرباء في فصل الصيف وخطط دعم القطاع الزراعي وتوفير فرص العمل للشباب.",
	"ودعا نواب في البرلمان إلى عقد جلسة طارئة لاستضافة القادة الأمنيين والاستماع إلى تقاريرهم بشأن الأوضاع، مطالبين بتعزيز التنسيق بين الأجهزة الأمنية وتطوير منظومات الرصد والإنذار المبكر على الحدود.",
	"من جهتها، أعربت بعثة الأمم المتحدة لمساعدة العراق عن قلقها من تداعيات التصعيد على الاستقرار، وجددت دعوتها جميع الأطراف إلى احترام سيادة العراق والالتزام بالقانون الدولي وحماية المدنيين والمنشآت المدنية.",
	"وأكدت وزارة الخارجية العراقية في بيان أنها تجري اتصالات مكثفة مع الدول الشقيقة والصديقة من أجل خفض التوتر، مشددة على أن الحلول الدبلوماسية هي الطريق الأمثل لمعالجة الأزمات وتجنب الانزلاق نحو مواجهة مفتوحة.",
	"وشهدت الأسواق المحلية تراجعاً طفيفاً في سعر صرف الدينار أمام الدولار، وعزا خبراء اقتصاديون ذلك إلى حالة الترقب السائدة، متوقعين أن تعود الأسعار إلى الاستقرار خلال الأيام المقبلة مع تدخل البنك المركزي.",
}

// headlines are the related-news and most-read items.
var headlines = []string{
	"رئيس الوزراء يستقبل وفداً أوروبياً ويبحث معه التعاون الاقتصادي",
	"وزارة الكهرباء تعلن خطة لزيادة ساعات التجهيز خلال الصيف",
	"البرلمان يصوت على عدد من القوانين في جلسته الأخيرة",
	"الأمم المتحدة تدعو إلى ضبط النفس وتجنب التصعيد في المنطقة",
	"البنك المركزي يتخذ إجراءات جديدة لضبط سعر صرف الدولار",
	"وزير الخارجية يجري اتصالات مع نظرائه في دول الجوار",
	"انطلاق مهرجان بغداد الدولي للكتاب بمشاركة واسعة",
	"المنتخب الوطني يستعد لمباراته المقبلة في التصفيات الآسيوية",
	"ارتفاع أسعار النفط في الأسواق العالمية مع تزايد المخاوف",
	"الحكومة تطلق مشروعاً لإعمار المناطق المحررة في نينوى والأنبار",
}

var sections = []string{
	"الرئيسية", "العراق", "سياسة", "أمن", "اقتصاد", "عربي ودولي", "رياضة", "ثقافة", "صحة",
	"تكنولوجيا", "منوعات", "مقالات", "تحقيقات", "حوارات", "فيديو", "صور", "إنفوغراف", "بودكاست",
}

const style = `body{margin:0;font-family:"Noto Naskh Arabic",Tahoma,sans-serif;direction:rtl;background:#fff;color:#222}
.site-header{display:flex;align-items:center;justify-content:space-between;padding:12px 24px;border-bottom:1px solid #ddd}
.menu a{display:inline-block;padding:8px 12px;color:#333;text-decoration:none}.menu a:hover{color:#b00}
.article-body p{line-height:1.9;font-size:18px;margin:0 0 16px}.tally li{font-weight:bold}
.related li,.most-read li{margin:6px 0}.site-footer{background:#222;color:#ccc;padding:24px}
.share a{display:inline-block;width:32px;height:32px;margin:0 4px;border-radius:50%;background:#eee}
@media (max-width:720px){.menu{display:none}.article-body p{font-size:16px}}`

const script = `window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());gtag("config","G-XXXXXXX");
(function(){var s=document.createElement("script");s.async=true;s.src="/static/js/ads.js?v=3";document.head.appendChild(s);})();
document.addEventListener("DOMContentLoaded",function(){var b=document.querySelectorAll(".share a");for(var i=0;i<b.length;i++){b[i].addEventListener("click",function(e){e.preventDefault();window.open(this.href,"share","width=600,height=400")})}});`

// tally returns article i's tally list at generation gen: one to three
// sites with their counts; a changed article has one count raised by gen
// and, from gen 1, one more site.
func (s *Site) tally(i, gen int) [][2]string {
	k := 1 + i%3
	var out [][2]string
	for j := range k {
		c := (i+j)%4 + 1
		if j == 0 {
			c += gen
		}
		out = append(out, [2]string{bases[(i+j*3)%len(bases)], counts[min(c, len(counts))-1]})
	}
	if gen > 0 {
		out = append(out, [2]string{bases[(i+5)%len(bases)], counts[gen%len(counts)]})
	}
	return out
}

func (s *Site) head(b *strings.Builder, title, desc, canonical string, published time.Time) {
	t := html.EscapeString(title)
	pub := published.Format(time.RFC3339)
	fmt.Fprintf(b, `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%[1]s | الرافدين نيوز</title>
<meta name="description" content="%[2]s">
<meta name="keywords" content="العراق, أمن, المقاومة, قواعد, التحالف الدولي">
<link rel="canonical" href="%[3]s">
<meta property="og:type" content="article">
<meta property="og:site_name" content="الرافدين نيوز">
<meta property="og:title" content="%[1]s">
<meta property="og:description" content="%[2]s">
<meta property="og:url" content="%[3]s">
<meta property="og:image" content="/static/img/cover-%[5]d.jpg">
<meta property="article:published_time" content="%[4]s">
<meta property="article:section" content="أمن">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="%[1]s">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="stylesheet" href="/static/css/main.css?v=12">
<style>%[6]s</style>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%[7]q,"datePublished":%[4]q,"dateModified":%[4]q,"mainEntityOfPage":%[3]q,"author":{"@type":"Organization","name":"الرافدين نيوز"},"publisher":{"@type":"Organization","name":"الرافدين نيوز","logo":{"@type":"ImageObject","url":"/static/img/logo.png"}}}</script>
<script>%[8]s</script>
</head>
<body>
<header class="site-header"><a href="/" class="logo"><img src="/static/img/logo.png" alt="الرافدين نيوز"></a>
<form class="search" action="/search"><input type="search" name="q" placeholder="ابحث في الموقع"><button>بحث</button></form></header>
`, t, html.EscapeString(desc), canonical, pub, len(title)%7, style, title, script)
	b.WriteString(chrome.nav)
}

// chrome holds the blocks every page shares, rendered once.
var chrome = struct{ nav, foot string }{nav: renderNav(), foot: renderFoot()}

func renderNav() string {
	var b strings.Builder
	b.WriteString("<nav class=\"menu\">\n")
	for k, sec := range sections {
		fmt.Fprintf(&b, "<div class=\"dropdown\"><a href=\"/section/%d/\">%s</a><ul>", k, sec)
		for j := range 4 {
			fmt.Fprintf(&b, "<li><a href=\"/section/%d/%d/\">%s: %s</a></li>", k, j, sec, headlines[(k+j)%len(headlines)])
		}
		b.WriteString("</ul></div>\n")
	}
	b.WriteString("</nav>\n<div class=\"breaking\"><span>عاجل</span><ul>\n")
	for k, h := range headlines {
		fmt.Fprintf(&b, "<li><a href=\"/breaking/%d.html\">%s</a></li>\n", k, h)
	}
	b.WriteString("</ul></div>\n")
	return b.String()
}

func (s *Site) foot(b *strings.Builder) { b.WriteString(chrome.foot) }

func renderFoot() string {
	var b strings.Builder
	b.WriteString("<footer class=\"site-footer\">\n<div class=\"cols\">\n")
	for k, sec := range sections {
		fmt.Fprintf(&b, "<div class=\"col\"><h4>%s</h4><ul>", sec)
		for j := range 6 {
			fmt.Fprintf(&b, "<li><a href=\"/section/%d/page/%d/\">%s %d</a></li>", k, j, sec, j+1)
		}
		b.WriteString("</ul></div>\n")
	}
	b.WriteString("</div>\n<p>© الرافدين نيوز، موقع تجريبي لقياس أداء رقيب. جميع الأحداث متخيلة.</p>\n</footer>\n")
	// The state blob of a script-rendered front end: markup to skip.
	b.WriteString("<script id=\"__STATE__\" type=\"application/json\">{\"menu\":[")
	for k := range 70 {
		fmt.Fprintf(&b, `{"id":%d,"title":%q,"url":"/section/%d/","children":[{"id":%d,"title":%q}]},`,
			k, headlines[k%len(headlines)], k, 100+k, sections[k%len(sections)])
	}
	b.WriteString("{}]}</script>\n")
	b.WriteString("<script src=\"/static/js/main.js?v=12\" defer></script>\n</body>\n</html>\n")
	return b.String()
}

func (s *Site) article(b *strings.Builder, i, gen int) {
	title := s.title(i)
	pub := s.published(i)
	s.head(b, title, cut(filler[i%len(filler)], 120), ArticlePath(i), pub)
	fmt.Fprintf(b, `<main class="container">
<div class="share"><a href="https://facebook.com/sharer?u=%[1]s">f</a><a href="https://twitter.com/intent/tweet?url=%[1]s">x</a><a href="https://wa.me/?text=%[1]s">w</a><a href="https://t.me/share/url?url=%[1]s">t</a></div>
<article>
<header><h1>%[2]s</h1>
<time datetime="%[3]s">%[4]s</time> <span class="author">بغداد - الرافدين نيوز</span></header>
<figure><img src="/static/img/cover-%[5]d.jpg" alt=""><figcaption>صورة أرشيفية</figcaption></figure>
<div class="article-body">
`, ArticlePath(i), html.EscapeString(title), pub.Format(time.RFC3339), pub.Format("2006/01/02 15:04"), i%7)
	fmt.Fprintf(b, "<p>أعلنت فصائل المقاومة الإسلامية في العراق، في بيان صدر اليوم، حصيلة عملياتها ضد القواعد الأمريكية منذ منتصف الليل (البيان رقم %d).</p>\n", i)
	b.WriteString("<p>حصيلة الاستهدافات اليوم:</p>\n<ul class=\"tally\">\n")
	for _, t := range s.tally(i, gen) {
		fmt.Fprintf(b, "<li>%s: %s</li>\n", t[0], t[1])
	}
	b.WriteString("</ul>\n")
	for k := range 12 {
		b.WriteString("<p>")
		b.WriteString(filler[(i+k)%len(filler)])
		b.WriteString(" ")
		b.WriteString(filler[(i+k+3)%len(filler)])
		b.WriteString(" ")
		b.WriteString(filler[(i+k+5)%len(filler)])
		b.WriteString("</p>\n")
	}
	b.WriteString("</div>\n<div class=\"tags\">")
	for _, tag := range []string{"العراق", "المقاومة", "التحالف الدولي", "أمن"} {
		fmt.Fprintf(b, "<a href=\"/tag/%s/\">%s</a> ", tag, tag)
	}
	b.WriteString("</div>\n</article>\n<aside class=\"related\"><h3>أخبار ذات صلة</h3>\n<ul>\n")
	for k := range 12 {
		j := (i+k)%s.n + 1
		fmt.Fprintf(b, "<li><a href=\"%s\"><img src=\"/static/img/thumb-%d.jpg\" alt=\"\">%s</a><p>%s</p></li>\n",
			ArticlePath(j), k, html.EscapeString(s.title(j)), cut(filler[(j+k)%len(filler)], 300))
	}
	b.WriteString("</ul>\n</aside>\n<aside class=\"most-read\"><h3>الأكثر قراءة</h3>\n<ol>\n")
	for k, h := range headlines {
		fmt.Fprintf(b, "<li><a href=\"/most-read/%d.html\">%s</a><p>%s</p></li>\n", k, h, cut(filler[k%len(filler)], 200))
	}
	b.WriteString("</ol>\n</aside>\n<section class=\"comments\"><h3>التعليقات</h3><p>التعليقات مغلقة.</p></section>\n</main>\n")
	s.foot(b)
}

func (s *Site) listing(b *strings.Builder, gen, from, to int) {
	s.head(b, "أخبار أمنية", "آخر الأخبار الأمنية من العراق والمنطقة", ListingPath, s.start.Add(time.Duration(gen)*time.Minute))
	b.WriteString("<main class=\"container\">\n<h1>أخبار أمنية</h1>\n<ul class=\"news-list\">\n")
	for i := from; i <= to; i++ {
		fmt.Fprintf(b, "<li><a class=\"headline\" href=\"%s\">%s</a> <time>%s</time></li>\n",
			ArticlePath(i), html.EscapeString(s.title(i)), s.published(i).Format("2006/01/02 15:04"))
	}
	b.WriteString("</ul>\n</main>\n")
	s.foot(b)
}

func (s *Site) feed(b *strings.Builder, gen int, root string) {
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>الرافدين نيوز</title><link>%s</link><description>أخبار أمنية</description>
<lastBuildDate>%s</lastBuildDate>
`, root+ListingPath, s.start.Add(time.Duration(gen)*time.Minute).Format(time.RFC1123Z))
	for i := 1; i <= s.n; i++ {
		fmt.Fprintf(b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate></item>\n",
			html.EscapeString(s.title(i)), root+ArticlePath(i), strconv.Itoa(i), s.published(i).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>\n")
}

// cut returns the first n bytes of s or fewer, never splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
