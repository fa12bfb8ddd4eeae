package extract

import "strings"

// The lexicon: the few hundred words whose role decides whether a site is
// attacked or merely mentioned. Entries are written as a reader would spell
// them and normalized at init, so they fold exactly like article text.
// Arabic entries are looked up after clitic prefixes (و ف ب ل ك ال) are
// stripped, so "لهجومين", "وبقصف" and "الهجمات" need no entries of their own.

type wflag uint64

const (
	fCue         wflag = 1 << iota // an attack word: targeted, attack, shelled, استهداف, هجوم
	fProj                          // a projectile: rocket, drone, mortar round, صاروخ, قذيفة
	fImpact                        // an impact verb, a cue only beside a projectile: fell, landed, سقط
	fCountNoun                     // a noun or adverb that counts attacks: attack, time, operation, هجوم, مرة
	fNeg                           // negation: not, no, لم, لا
	fNegMid                        // may stand between a negation and the word it negates: been, any, أي, تكن
	fDeny                          // denial: denied, نفى
	fSpeech                        // a speech or statement verb: said, condemned, قالت, دانت
	fHost                          // hosting: stationed, based, المتمركزة, تنتشر
	fLaunch                        // a launch: took off, flew out, أقلعت, انطلقت
	fBackground                    // past events told as background: previously, سبق
	fBarrier                       // starts a new clause: while, whereas, فيما, بينما
	fOutlet                        // a media outlet noun: channel, قناة
	fCrossing                      // a border crossing: crossing, معبر
	fRefer                         // makes the next attack word a reference to other attacks: after, following, تحسبا
	fApprox                        // approximation before a number: about, نحو
	fDistrib                       // distributive: each, لكل
	fBaseNoun                      // a bare base noun that may refer back: the base, القاعدة
	fDualBase                      // an Arabic dual or plural of a base noun: قاعدتي, قواعد
	fForeign                       // a foreign capital or country: an embassy there is not Baghdad's
	fModifier                      // may stand between a number and an English count noun: drone, separate
	fThreat                        // threats and warnings of future attacks: vowed, تتوعد
	fOrg                           // org names built on attack words: Joint Operations (العمليات المشتركة)
	fAfterSite                     // a word after a site that shows the site is a speaker: spokesman, statement
	fTime                          // English "time(s)": counts only with a number
	fLocPrep                       // a preposition of place: in, at, near, في
	fEmbassyNoun                   // the embassy or consulate, for anaphora
	fFieldNoun                     // the field or airport, for anaphora
	fObject                        // another target an attack word may take: positions, convoy, مواقع, رتل
	fToward                        // a direction: to, towards, إلى, باتجاه
	fFigurative                    // makes an attack word figurative or potential: cyber, political, legitimate (target)
)

// word is a lexicon entry after lookup.
type word struct {
	flags wflag
	// dual is 2 for a dual count noun (هجومان, مرتين), 1 for a singular,
	// 0 for a plural or not a count noun.
	dual    int8
	defined bool // the noun carried the article ال (anaphoric duals)
	// Number words, clitics allowed: card is a cardinal unit or English
	// number (1-100), tens an Arabic tens word (20-90), ord an ordinal.
	card, tens, ord int16
	core            string // the token without Arabic clitics
	known           bool   // found in the vocabulary: every field is filled in
	start           int32  // 1 + index into Extractor.starts of the alias starts it opens; 0 none
}

var lexicon = map[string]word{}

// phrase is a multi-word lexicon entry ("at least", "ما لا يقل عن"); its
// flags go to every token it covers.
type phrase struct {
	words []string
	flags wflag
}

// phrases are indexed by their first word.
var phrases = map[string][]phrase{}

func add(f wflag, words string) {
	for _, w := range strings.Split(words, "|") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		ws := normalizeWords(w)
		if len(ws) > 1 {
			phrases[ws[0]] = append(phrases[ws[0]], phrase{words: ws, flags: f})
			continue
		}
		e := lexicon[ws[0]]
		e.flags |= f
		lexicon[ws[0]] = e
	}
}

func addCount(dual int8, words string) {
	for _, w := range strings.Split(words, "|") {
		key := strings.Join(normalizeWords(strings.TrimSpace(w)), " ")
		e := lexicon[key]
		e.flags |= fCountNoun
		e.dual = dual
		lexicon[key] = e
	}
}

// init builds the tables in dependency order: number words, then the
// lexicon. vocabulary folds both into one map keyed by every clitic form
// when an Extractor is made.
func init() {
	initNumbers()
	initLexicon()
}

func initLexicon() {
	// Attack words. English past participles and nouns; Arabic stems are
	// also matched by prefix in lookup (استهدف*, هجم*).
	add(fCue, "fired at|fired on|fired upon|fired into|fired toward|fired towards|opened fire|attack|attacks|attacked|attacking|target|targeted|targeting|targets|hit|hits|struck|strike|strikes|shelled|shelling|bombarded|bombardment|assault|assaults|assaulted|salvo|barrage|came under|come under|comes under|raid|raided")
	add(fCue, "استهداف|استهدافات|هجوم|هجوما|هجمات|هجومات|هجمه|هجومان|هجومين|هجمتين|هجمتان|قصف|قصفت|قصفوا|يقصف|تقصف|اعتداء|اعتداءات|اعتداءين|ضربه|ضربات|ضربتين|ضربتان|رشقه|رشقات|هدف|هدفا|مستهدفه|مستهدفا|طالت|طال")
	add(fProj, "ied|ieds|roadside bomb|car bomb|rocket|rockets|mortar|mortars|drone|drones|missile|missiles|projectile|projectiles|katyusha|katyushas|uav|uavs|shell|shells|rounds|grad")
	add(fProj, "عبوه|عبوات|ناسفه|صاروخ|صواريخ|صاروخا|صاروخان|صاروخين|قذيفه|قذائف|قذيفتين|قذيفتان|هاون|مورتر|كاتيوشا|مقذوف|مقذوفات|مسيره|مسيرات|مسيرتين|مسيرتان|درون|درونز|صاروخيه|صاروخي|مفخخه|انتحاريه|كراد|غراد")
	add(fProj, "الطيران المسير|طيران مسير|طيران المسير|الطائرات المسيره|unmanned aerial")
	add(fImpact, "fired|launched|يصيب|تصيب|يصب|تصب|يصيبا|fell|landed|land|lands|slammed|crashed|exploded|impacted|fall|falls|سقط|سقطت|سقطا|سقطتا|سقوط|تسقط|يسقط|انفجرت|انفجر|انفجار|اصاب|اصابت|اصابه|اصابا|ضرب|ضربت|استقر|استقرت")
	// Count nouns: "3 attacks", "twice", "هجومان", "ثلاث مرات".
	addCount(1, "attack|operation|strike|assault|raid")
	addCount(0, "attacks|operations|strikes|assaults|raids")
	addCount(1, "هجوم|هجوما|هجمه|عمليه|مره|استهداف|اعتداء|ضربه")
	addCount(0, "هجمات|هجومات|عمليات|مرات|استهدافات|اعتداءات|ضربات")
	addCount(2, "هجومان|هجومين|هجمتين|هجمتان|عمليتين|عمليتان|مرتين|مرتان|استهدافين|استهدافان|اعتداءين|اعتداءان|ضربتين|ضربتان")
	add(fTime, "time|times")
	add(fNeg, "not|no|never|nor|without|didnt|wasnt|werent|hasnt|hadnt|isnt|dont|doesnt|لم|لن|لا|ليس|ليست|غير|بلا|عدم|دون")
	add(fNegMid, "caused|by|result|resulted|ناجمه|ناتجه|ناجم|ناتج|عن|been|be|was|were|is|are|any|a|an|the|take|took|taken|have|has|had|appear|appeared|to|itself|there|place|occur|occurred|happen|happened|ان|that|تكن|يكن|يقع|تقع|وقع|وقوع|يحدث|تحدث|حدث|اي|ثمه|هناك|يتم|تم|يكون|تكون|تتعرض|يتعرض|تعرض|تعرضت|هي|هو|نفسها|نفسه")
	add(fDeny, "غير صحيحه|غير صحيح|لا صحه|لا اساس|false|untrue|baseless|unfounded|fake|deny|denied|denies|denying|denial|refuted|dismissed|rejected|rejects|disputed|foiled|thwarted|foil|thwart|احبط|احبطت|يحبط|تحبط|احباط|رفض|رفضت|فند|فندت|نفي|نفى|نفت|ينفي|تنفي|نافيا|نافيه|تكذيب|كذب|كذبت|عار|عاريه|شائعات|شائعه")
	add(fSpeech, "said|says|say|condemned|condemns|warned|warns|urged|urges|called|calls|issued|issues|stated|states|told|tells|denies|announced|added|noted|denounced|praised|welcomed|confirmed|declined|expressed|reiterated|advised|tweeted|posted|summoned")
	add(fSpeech, "قال|قالت|يقول|تقول|اعلن|اعلنت|يعلن|تعلن|دان|دانت|ادان|ادانت|يدين|تدين|حذر|حذرت|يحذر|تحذر|دعا|دعت|يدعو|تدعو|ندد|نددت|اكد|اكدت|يؤكد|تؤكد|ذكر|ذكرت|افاد|افادت|جدد|جددت|وصف|وصفت|نشر|نشرت|نصح|نصحت|اعرب|اعربت|طالب|طالبت|رحب|رحبت|اصدر|اصدرت|استدعت|استدعى|باسم|بيان|تدوينه|تغريده|متحدث|متحدثه|الناطق|ناطق")
	add(fAfterSite, "spokesman|spokesperson|spokeswoman|statement|official|officials|staff|ambassador|said|says|condemned|condemns|warned|warns|urged|urges|called|calls|issued|issues|stated|states|announced|announces|reminded|reminds|tells|told|added|noted|denounced|advised|tweeted|posted|declined")
	add(fHost, "stationed|based|deployed|housed|hosted|garrisoned|located|متمركزه|المتمركزه|متمركزين|المتمركزين|المتمركزون|يتمركز|تتمركز|يتمركزون|تنتشر|ينتشر|ينتشرون|المنتشره|المنتشرين|متواجده|المتواجده|المتواجدين|تتواجد|يتواجد|الموجوده|الموجودين|معظمهم|تستضيف|يستضيف|مقرها|تضم|يضم")
	add(fLaunch, "flew|took off|taking off|launched from|departed|took-off|اقلعت|اقلع|انطلقت|انطلق|تنطلق|ينطلق|انطلاقا|اقلاع")
	add(fBackground, "in the past years|in the past decade|has included|have included|had included|keep targeting|keeps targeting|keep attacking|keeps attacking|frequent|repeatedly|frequently|regularly|routinely|often|sporadic|dozens of times|dozens of attacks|scores of attacks|hundreds of attacks|عشرات الهجمات|عشرات المرات|مئات الهجمات|مرارا|تكرارا|متكرره|متقطعه|باستمرار|مرات عديده|عده مرات|previously|formerly|earlier this year|last year|past years|years ago|سبق|سابقا|في السابق|العام الماضي|السنوات الماضيه|الاعوام الماضيه|مطلع عام|اواخر عام|اوائل عام")
	add(fBarrier, "while|whereas|but|although|however|meanwhile|فيما|بينما|حين|لكن|ولكن|غير ان|الا ان|اما")
	add(fOutlet, "قناه|قنوات|شبكه|تلفزيون|فضائيه|صحيفه|جريده|وكاله|اذاعه|مراسل|مراسله|television|tv|channel|network|newspaper|broadcaster|outlet|reporter|correspondent|daily|website")
	add(fCrossing, "crossing|border|checkpoint|معبر|منفذ|مخفر")
	add(fRefer, "condemned|condemns|denounced|دان|دانت|ادان|ادانت|يدين|تدين|ندد|نددت|استنكر|استنكرت|after|following|amid|before|since|response|retaliation|anticipation|fear|fears|wake|تحسبا|تحسب|عقب|اعقاب|بعد|اثر|خشيه|ردا|رد|انتقاما|منذ|قبل")
	add(fApprox, "about|around|approximately|nearly|some|roughly|almost|over|more than|up to|as many as|at least|estimated|نحو|حوالي|قرابه|زهاء|اكثر من|ما يزيد|لا يقل|ما لا يقل|على الاقل|تقريبا|اقل من|اكثر|عده")
	add(fDistrib, "each|apiece|لكل|كل منهما|كل منها|منهما|منها")
	add(fBaseNoun, "base|garrison|outpost|airbase|airfield|compound|facility|قاعده|القاعده|معسكر|المعسكر|الموقع")
	add(fEmbassyNoun, "embassy|consulate|compound|السفاره|القنصليه|المجمع|مجمع")
	add(fFieldNoun, "field|airport|الحقل|المطار")
	add(fDualBase, "قاعدتي|قاعدتين|قاعدتا|قواعد|مطاري|مطارين|حقلي|حقلين|حقول")
	add(fForeign, "amman|jordan|damascus|beirut|lebanon|kuwait|riyadh|saudi|israel|jerusalem|tel|ankara|turkey|cairo|egypt|tehran|iran|doha|qatar|abu dhabi|manama|bahrain|sanaa|yemen|kabul|islamabad|tripoli|khartoum|tunis|algiers|rabat|muscat|oman|nicosia|cyprus|moscow|paris|london|berlin|عمان|الاردن|دمشق|سوريا|بيروت|لبنان|الكويت|الرياض|السعوديه|اسرائيل|القدس|تل|انقره|تركيا|القاهره|مصر|طهران|ايران|الدوحه|قطر|ابوظبي|المنامه|البحرين|صنعاء|اليمن|كابول|طرابلس|الخرطوم|تونس|الجزائر|الرباط|مسقط|موسكو|باريس|لندن|برلين")
	add(fModifier, "coordinated|simultaneous|combined|complex|massive|failed|attempted|drone|rocket|missile|mortar|separate|more|other|new|suicide|explosive|fresh|further|additional|distinct|deadly|major|small|large|rocket-and-drone|one-way|similar|different|consecutive|successive|confirmed|reported|known|claimed|such")
	add(fThreat, "warn|warns|warned|warning|warnings|يحذر|تحذر|حذر|حذرت|تحذير|prepared|rigged|معده|معدا|مجهزه|مجهزا|vowed|threatened|threatens|threaten|threat|threats|would|will|could|may|might|plan|plans|planned|توعد|توعدت|يتوعد|تتوعد|هدد|هددت|يهدد|تهدد|تهديد|ستستهدف|سيستهدف|ستواصل|سنستهدف|تعتزم|يعتزم|محتمل|محتمله")
	add(fFigurative, "cyber|media|verbal|political|diplomatic|legal|scathing|legitimate|potential|possible|likely|prime|main|heart|panic|الكتروني|الكترونيه|الكترونيا|سيبراني|سيبرانيه|سيبرانيا|اعلامي|اعلاميه|اعلاميا|سياسي|سياسيه|سياسيا|دبلوماسي|دبلوماسيه|دبلوماسيا|لفظي|لفظيا|لاذع|لاذعا|مشروعه|مشروعا|محتمل|محتمله|محتملا|رئيسيا|قلبيه")
	add(fToward, "to|towards|toward|bound|heading|الي|باتجاه|نحو|متجها|متجهه|المتجه|المتجهه|قادما|قادمه")
	add(fObject, "positions|position|targets|depots|depot|warehouse|warehouses|headquarters|militia|militias|militants|fighters|convoy|convoys|trucks|truck|vehicle|vehicles|tanker|tankers|checkpoint|مواقع|مقرات|مقر|مخازن|مخزن|مستودعات|مستودع|قافله|قوافل|رتل|رتلا|ارتال|موكبا|شاحنات|شاحنه|صهاريج|صهريج|عناصر|فصائل|مسلحين|سياره|سيارات|عجله|عجلات|موكب|حافله")
	add(fLocPrep, "in|at|near|inside|by|of|في|قرب|داخل|بالقرب|محيط|لدى|to|ب")
	add(fOrg, "العمليات المشتركه|قياده العمليات|joint operations|special operations|operations command")
}

// arPrefixes are the clitic sequences stripped before lookup, longest first.
var arPrefixes = []string{"وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك", "فك", "ال", "لل", "و", "ف", "ب", "ل", "ك"}

// vocabulary returns the lexicon plus every clitic-prefixed form of its
// Arabic entries and every number word, each entry complete (known), so that
// annotating a token is one map access. Each Extractor builds its own in New
// and adds its aliases' first tokens to it, rather than copying a
// package-wide one: the map is over a megabyte, and a process that never
// extracts (raqib validate, version) does not pay for it.
func vocabulary() map[string]word {
	v := make(map[string]word, len(lexicon)*15)
	for k, w := range lexicon {
		v[k] = w
	}
	for _, p := range arPrefixes {
		withAl := strings.HasSuffix(p, "ال") || strings.HasSuffix(p, "لل")
		for k, w := range lexicon {
			if !isArabicWord(k) {
				continue
			}
			// p + k: "و" + "هجوم"; for an article prefix also p + k
			// without its own article: "لل" + "قاعده" from "القاعده".
			forms := []string{p + k}
			if withAl && strings.HasPrefix(k, "ال") {
				forms = append(forms, p+k[len("ال"):])
			}
			for _, f := range forms {
				if len(f)-len(p) <= 2 {
					continue
				}
				if _, ok := v[f]; ok {
					continue
				}
				e := w
				e.defined = withAl
				v[f] = e
			}
		}
	}
	// Number words in all their clitic forms, and the core of every entry,
	// so that annotating a known word is one map access.
	for _, m := range []map[string]int{numAll, tensAll, ordAll} {
		for k := range m {
			if _, ok := v[k]; !ok {
				v[k] = word{}
			}
		}
	}
	for k, w := range v {
		w.core = k
		if isArabicWord(k) {
			w.core = stripClitics(k)
			w.card, w.tens, w.ord = int16(numAll[k]), int16(tensAll[k]), int16(ordAll[k])
		} else {
			w.card, w.ord = int16(numWords[k]), int16(ordWords[k])
		}
		w.known = true
		v[k] = w
	}
	return v
}

func isArabicWord(s string) bool {
	return len(s) > 0 && (s[0] == 0xD8 || s[0] == 0xD9)
}

// lookupStem gives a token that is not in the vocabulary its core (the
// token without clitics) and recognises the stems of attack and projectile
// words.
func lookupStem(tok string, arabic bool) word {
	if !arabic {
		return word{core: tok}
	}
	// Stems: every form of استهدف and هجم is an attack word.
	core := stripClitics(tok)
	out := word{core: core}
	if strings.Contains(core, "ستهدف") || strings.Contains(core, "ستهداف") || strings.HasPrefix(core, "هاجم") || strings.HasPrefix(core, "يهاجم") || strings.HasPrefix(core, "تهاجم") || strings.HasPrefix(core, "هجمات") || strings.HasPrefix(core, "هجوم") {
		out.flags |= fCue
	}
	if strings.HasPrefix(core, "صاروخ") || strings.HasPrefix(core, "صواريخ") || strings.HasPrefix(core, "قذائف") || strings.HasPrefix(core, "قذيف") {
		out.flags |= fProj
	}
	return out
}

// stripClitics removes one clitic sequence from an Arabic token.
func stripClitics(tok string) string {
	if len(tok) < 2 || tok[0] != 0xD8 && tok[0] != 0xD9 {
		return tok
	}
	for _, p := range prefixesByLetter[tok[:2]] {
		if len(tok) > len(p)+2 && tok[:len(p)] == p {
			return tok[len(p):]
		}
	}
	return tok
}

// prefixesByLetter indexes arPrefixes by their first letter, keeping the
// longest-first order.
var prefixesByLetter = func() map[string][]string {
	m := map[string][]string{}
	for _, p := range arPrefixes {
		m[p[:2]] = append(m[p[:2]], p)
	}
	return m
}()
