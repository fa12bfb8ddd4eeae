package extract

import "strings"

// The lexicon: the few hundred words whose role decides whether a site is
// attacked or merely mentioned. They live in lexicon.txt (see
// lexicon_load.go), written in normalized form so that they fold exactly
// like article text. Arabic entries are looked up after clitic prefixes
// (و ف ب ل ك ال) are stripped, so "لهجومين", "وبقصف" and "الهجمات" need
// no entries of their own.

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
	fVague                         // a vague frequency: repeatedly, several, مرارا: attacks that cannot be counted
	fAgent                         // a state that strikes: US, Israeli, Turkish, الأمريكية (foreignStrike)
	fAircraft                      // aircraft, which carry strikes out: jets, طائرات
	fAgentLink                     // words between a strike and its agent: carried out by, التي نفذتها
	fRise                          // a verb that brings a running figure up: ترتفع, bringing (numberOfAttacks)
	fTimeWord                      // a word of the time of an attack: late, friday, مساء (time-words; weighs nothing in distances)
	fCollForces                    // collective-forces: "US forces", القوات (a count of theirs is no site's)
	fCollBases                     // collective-bases: "bases", قواعد
	fSuffer                        // suffer-verbs: تعرضت, suffered, faced
	fClaim                         // claim-verbs: claimed, تبنت
	fRumor                         // rumor-words: reports, أنباء
)

// setFlags are the set sections whose words are flagged once per distinct
// word form (see annotateMemo), where the hot paths test them.
var setFlags = []struct {
	set  *map[string]bool
	flag wflag
}{
	{&timeWords, fTimeWord}, {&collectiveForces, fCollForces}, {&collectiveBases, fCollBases},
	{&sufferVerbs, fSuffer}, {&claimVerbs, fClaim}, {&rumorWords, fRumor},
}

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
	seqs            uint32 // the seqTables whose entries it opens (seqTable.bit)
}

// phrase is a multi-word lexicon entry ("at least", "ما لا يقل عن"); its
// flags go to every token it covers.
type phrase struct {
	words []string
	flags wflag
}

// vocabulary returns the lexicon plus every clitic-prefixed form of its
// Arabic entries and every number word, each entry complete (known), so that
// annotating a token is one map access. Each Extractor builds its own in New
// and adds its aliases' first tokens to it, rather than copying a
// package-wide one: the map is over a megabyte, and a process that never
// extracts (raqib validate, version) does not pay for it.
func vocabulary() map[string]word {
	// The accusative of a singular count noun: "18 استهدافاً" is written
	// استهدافا.
	base := make(map[string]word, len(lexicon)+64)
	for k, w := range lexicon {
		base[k] = w
	}
	// The first words of the seqTables' entries, so that seqTable.at can
	// pass over every other word at the cost of a flag test.
	for k, bits := range seqFirst {
		w := base[k]
		w.seqs |= bits
		base[k] = w
	}
	for k, w := range lexicon {
		if w.flags&fCountNoun != 0 && w.dual == 1 && isArabicWord(k) && !strings.HasSuffix(k, "ا") && !strings.HasSuffix(k, "ه") && !strings.HasSuffix(k, "ء") {
			if _, ok := base[k+"ا"]; !ok {
				base[k+"ا"] = w
			}
		}
	}
	v := make(map[string]word, len(base)*15)
	for k, w := range base {
		v[k] = w
	}
	for _, p := range arPrefixes {
		withAl := strings.HasSuffix(p, "ال") || strings.HasSuffix(p, "لل")
		for k, w := range base {
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
			// "أمس الاثنين لهجوم": with the article, اثنين is Monday,
			// not a count of two.
			if strings.HasSuffix(k, "الاثنين") {
				w.card = 0
			}
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
// longest-first order. loadLexicon fills it.
var prefixesByLetter map[string][]string

func indexPrefixes() {
	prefixesByLetter = map[string][]string{}
	for _, p := range arPrefixes {
		prefixesByLetter[p[:2]] = append(prefixesByLetter[p[:2]], p)
	}
}
