package extract

import "strings"

// The lexicon: the few hundred words whose role decides whether a site is
// attacked or merely mentioned. Entries are written as a reader would spell
// them and normalized at init, so they fold exactly like article text.
// Arabic entries are looked up after clitic prefixes (و ف ب ل ك ال) are
// stripped, so "لهجومين", "وبقصف" and "الهجمات" need no entries of their own.

type wflag uint32

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
	fAlert                         // put on alert: alert, التأهب
	fLocPrep                       // a preposition of place: in, at, near, في
	fEmbassyNoun                   // the embassy or consulate, for anaphora
	fFieldNoun                     // the field or airport, for anaphora
)

// word is a lexicon entry after lookup.
type word struct {
	flags wflag
	// dual is 2 for a dual count noun (هجومان, مرتين), 1 for a singular,
	// 0 for a plural or not a count noun.
	dual    int
	defined bool // the noun carried the article ال (anaphoric duals)
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

func addCount(dual int, words string) {
	for _, w := range strings.Split(words, "|") {
		key := strings.Join(normalizeWords(strings.TrimSpace(w)), " ")
		e := lexicon[key]
		e.flags |= fCountNoun
		e.dual = dual
		lexicon[key] = e
	}
}

func init() {
	// Attack words. English past participles and nouns; Arabic stems are
	// also matched by prefix in lookup (استهدف*, هجم*).
	add(fCue, "attack|attacks|attacked|attacking|target|targeted|targeting|targets|hit|hits|struck|strike|strikes|shelled|shelling|bombarded|bombardment|assault|assaults|assaulted|fired|salvo|barrage|came under|come under|comes under|raid|raided")
	add(fCue, "استهداف|استهدافات|هجوم|هجوما|هجمات|هجومات|هجمه|هجومان|هجومين|هجمتين|هجمتان|قصف|قصفت|قصفوا|يقصف|تقصف|اعتداء|اعتداءات|اعتداءين|ضربه|ضربات|ضربتين|ضربتان|رشقه|رشقات|هدف|هدفا|مستهدفه|مستهدفا|طالت|طال")
	add(fProj, "rocket|rockets|mortar|mortars|drone|drones|missile|missiles|projectile|projectiles|katyusha|katyushas|uav|uavs|shell|shells|rounds|grad")
	add(fProj, "صاروخ|صواريخ|صاروخا|صاروخان|صاروخين|قذيفه|قذائف|قذيفتين|قذيفتان|هاون|مورتر|كاتيوشا|مقذوف|مقذوفات|مسيره|مسيرات|مسيرتين|مسيرتان|طائره|طائرات|طائرتين|طائرتان|درون|درونز|صاروخيه|صاروخي|مفخخه|انتحاريه|كراد|غراد")
	add(fImpact, "fell|landed|land|lands|slammed|crashed|exploded|impacted|fall|falls|سقط|سقطت|سقطا|سقطتا|سقوط|تسقط|يسقط|انفجرت|انفجر|انفجار|اصاب|اصابت|اصابه|اصابا|ضرب|ضربت|استقر|استقرت")
	// Count nouns: "3 attacks", "twice", "هجومان", "ثلاث مرات".
	addCount(1, "attack|operation|strike|assault|raid")
	addCount(0, "attacks|operations|strikes|assaults|raids")
	addCount(1, "هجوم|هجوما|هجمه|عمليه|مره|استهداف|اعتداء|ضربه")
	addCount(0, "هجمات|هجومات|عمليات|مرات|استهدافات|اعتداءات|ضربات")
	addCount(2, "هجومان|هجومين|هجمتين|هجمتان|عمليتين|عمليتان|مرتين|مرتان|استهدافين|استهدافان|اعتداءين|اعتداءان|ضربتين|ضربتان")
	add(fTime, "time|times")
	add(fNeg, "not|no|never|nor|لم|لن|لا|ليس|ليست|غير|بلا|عدم")
	add(fNegMid, "been|be|was|were|is|are|any|a|an|the|take|took|taken|have|has|had|appear|appeared|to|itself|there|place|occur|occurred|happen|happened|تكن|يكن|يقع|تقع|وقع|وقوع|يحدث|تحدث|حدث|اي|ثمه|هناك|يتم|تم|يكون|تكون|تتعرض|يتعرض|تعرض|تعرضت|هي|هو|نفسها|نفسه")
	add(fDeny, "deny|denied|denies|denying|denial|refuted|dismissed|نفي|نفى|نفت|ينفي|تنفي|نافيا|نافيه|تكذيب|كذب|كذبت|عار|عاريه|شائعات|شائعه")
	add(fSpeech, "said|says|say|condemned|condemns|warned|warns|urged|urges|called|calls|issued|issues|stated|told|announced|added|noted|denounced|praised|welcomed|confirmed|declined|expressed|reiterated|advised|tweeted|posted|summoned")
	add(fSpeech, "قال|قالت|يقول|تقول|اعلن|اعلنت|يعلن|تعلن|دان|دانت|ادان|ادانت|يدين|تدين|حذر|حذرت|يحذر|تحذر|دعا|دعت|يدعو|تدعو|ندد|نددت|اكد|اكدت|يؤكد|تؤكد|ذكر|ذكرت|افاد|افادت|جدد|جددت|وصف|وصفت|نشر|نشرت|نصح|نصحت|اعرب|اعربت|طالب|طالبت|رحب|رحبت|اصدر|اصدرت|استدعت|استدعى|باسم|بيان|تدوينه|تغريده|متحدث|متحدثه|الناطق|ناطق")
	add(fAfterSite, "spokesman|spokesperson|spokeswoman|statement|official|officials|staff|ambassador|said|says|condemned|warned|urged|called|issued|stated|announced|added|noted|denounced|advised|tweeted|posted|declined")
	add(fHost, "stationed|based|deployed|housed|hosted|garrisoned|located|متمركزه|المتمركزه|متمركزين|المتمركزين|المتمركزون|يتمركز|تتمركز|يتمركزون|تنتشر|ينتشر|ينتشرون|المنتشره|المنتشرين|متواجده|المتواجده|المتواجدين|تتواجد|يتواجد|الموجوده|الموجودين|معظمهم|تستضيف|يستضيف|مقرها|تضم|يضم")
	add(fLaunch, "flew|took off|taking off|launched from|departed|took-off|اقلعت|اقلع|انطلقت|انطلق|تنطلق|ينطلق|انطلاقا|اقلاع")
	add(fBackground, "previously|formerly|earlier this year|last year|in the past|past years|years ago|سبق|سابقا|في السابق|العام الماضي|السنوات الماضيه|الاعوام الماضيه|مطلع عام|اواخر عام|اوائل عام")
	add(fBarrier, "while|whereas|but|although|however|meanwhile|فيما|بينما|حين|لكن|ولكن|غير ان|الا ان|اما")
	add(fOutlet, "قناه|قنوات|شبكه|تلفزيون|فضائيه|صحيفه|جريده|موقع|وكاله|اذاعه|مراسل|مراسله|television|tv|channel|network|newspaper|broadcaster|outlet|reporter|correspondent|daily|website")
	add(fCrossing, "crossing|border|checkpoint|معبر|منفذ|مخفر")
	add(fRefer, "condemned|condemns|denounced|دان|دانت|ادان|ادانت|يدين|تدين|ندد|نددت|استنكر|استنكرت|after|following|amid|before|since|response|retaliation|anticipation|fear|fears|wake|تحسبا|تحسب|عقب|اعقاب|بعد|اثر|خشيه|ردا|رد|انتقاما|منذ|قبل")
	add(fApprox, "about|around|approximately|nearly|some|roughly|almost|over|more than|up to|as many as|at least|estimated|نحو|حوالي|قرابه|زهاء|اكثر من|ما يزيد|لا يقل|ما لا يقل|على الاقل|تقريبا|اقل من|اكثر|عده")
	add(fDistrib, "each|apiece|لكل|كل منهما|كل منها|منهما|منها")
	add(fBaseNoun, "base|garrison|outpost|airbase|airfield|compound|facility|قاعده|القاعده|معسكر|المعسكر|الموقع")
	add(fEmbassyNoun, "embassy|consulate|compound|السفاره|القنصليه|المجمع|مجمع")
	add(fFieldNoun, "field|airport|الحقل|المطار")
	add(fDualBase, "قاعدتي|قاعدتين|قاعدتا|قواعد|مطاري|حقلي")
	add(fForeign, "amman|jordan|damascus|beirut|lebanon|kuwait|riyadh|saudi|israel|jerusalem|tel|ankara|turkey|cairo|egypt|tehran|iran|doha|qatar|abu dhabi|manama|bahrain|sanaa|yemen|kabul|islamabad|tripoli|khartoum|tunis|algiers|rabat|muscat|oman|nicosia|cyprus|moscow|paris|london|berlin|عمان|الاردن|دمشق|سوريا|بيروت|لبنان|الكويت|الرياض|السعوديه|اسرائيل|القدس|تل|انقره|تركيا|القاهره|مصر|طهران|ايران|الدوحه|قطر|ابوظبي|المنامه|البحرين|صنعاء|اليمن|كابول|طرابلس|الخرطوم|تونس|الجزائر|الرباط|مسقط|موسكو|باريس|لندن|برلين")
	add(fModifier, "drone|rocket|missile|mortar|separate|more|other|new|suicide|explosive|fresh|further|additional|distinct|deadly|major|small|large|rocket-and-drone|one-way|similar|different|consecutive|successive|confirmed|reported|known|claimed|such")
	add(fThreat, "vowed|threatened|threatens|threaten|threat|threats|would|will|could|may|might|plan|plans|planned|توعد|توعدت|يتوعد|تتوعد|هدد|هددت|يهدد|تهدد|تهديد|ستستهدف|سيستهدف|ستواصل|سنستهدف|تعتزم|يعتزم|محتمل|محتمله")
	add(fAlert, "alert|alerts|readiness|lockdown|التاهب|تاهب|الجاهزيه|الاستنفار|استنفار|الانذار|حالة")
	add(fLocPrep, "in|at|near|inside|by|of|في|قرب|داخل|بالقرب|محيط|لدى|to|ب")
	add(fOrg, "العمليات المشتركه|قياده العمليات|joint operations|special operations|operations command")
}

// arPrefixes are the clitic sequences stripped before lookup, longest first.
var arPrefixes = []string{"وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك", "فك", "ال", "لل", "و", "ف", "ب", "ل", "ك"}

// lookup finds the lexicon entry of one normalized token, stripping Arabic
// clitics when the bare token is not an entry.
func lookup(tok string, arabic bool) word {
	if w, ok := lexicon[tok]; ok {
		return w
	}
	if !arabic {
		return word{}
	}
	var out word
	for _, p := range arPrefixes {
		if len(tok) <= len(p)+2 || !strings.HasPrefix(tok, p) {
			continue
		}
		rest := tok[len(p):]
		cands := [2]string{rest, ""}
		if strings.HasSuffix(p, "لل") {
			cands[1] = "ال" + rest // ل + ال contracts to لل
		} else if strings.HasSuffix(p, "ال") {
			cands[1] = "ال" + rest // entries written with the article
		}
		for _, c := range cands {
			if c == "" {
				continue
			}
			if w, ok := lexicon[c]; ok {
				out = w
				out.defined = strings.HasSuffix(p, "ال") || strings.HasSuffix(p, "لل")
				return out
			}
		}
	}
	// Stems: every form of استهدف and هجم is an attack word.
	core := stripClitics(tok)
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
	for _, p := range arPrefixes {
		if len(tok) > len(p)+2 && strings.HasPrefix(tok, p) {
			return tok[len(p):]
		}
	}
	return tok
}
