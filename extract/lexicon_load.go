package extract

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Loading lexicon.txt, the one file that holds the extractor's vocabulary.
// It is read once, when the package initializes, into the tables below; they
// are never written after that.

//go:embed lexicon.txt
var lexiconFile string

// The tables lexicon.txt fills, once, in init.
var (
	lexicon map[string]word     // single words with their flags and count-noun kind
	phrases map[string][]phrase // multi-word entries, by their first word

	numWords, tensAR, ordWords map[string]int // number words by value ([numbers], [tens], [ordinals])
	numAll, tensAll, ordAll    map[string]int // the same with every number clitic fused (لثلاث, وعشرين)
	englishAdverbs             map[string]int // once, twice
	dualHeads                  map[string]string
	weaponNames                map[string]string
	groups                     []group

	parenOpeners, deniedThings, yearWords, timeWords, launcherWords, nonAttackHeads                                                                                                                                                                                                                                                                map[string]bool
	roles, trapBefore, trapAfter, baseNouns, pluralBaseNouns                                                                                                                                                                                                                                                                                       map[string]bool
	relatedHeaders, abbreviations, claimVerbs, casualtyWords                                                                                                                                                                                                                                                                                       map[string]bool
	collectiveBases, collectiveForces, lastWords, nextWords, listFillers, clauseOpeners                                                                                                                                                                                                                                                            map[string]bool
	placeNouns, areaNouns, cityNames, rangeEnds, sufferVerbs, dualSufferVerbs, nonAttackActions, usOwners, attackPreps, distanceUnits, directions, operationKinds, timeOpeners, otherWords, pastMarks, hedges, containVerbs, buildingNouns, alarmWords, demonstratives, determiners, locatedWords, ownerWords, knownAs, statementWords, rumorWords map[string]bool

	seqFirst map[string]uint32 // the first words of the seqTables' entries, and the bits of their tables

	arPrefixes    []string // clitic sequences, longest first
	arNumPrefixes []string // "" and the clitics fused to number words

	// Days and dates (days.go).
	dayWords, weekdays, months, sinceWords, monthStart seqTable

	ofThem           seqTable // "منها", "of them"
	listJoiners      seqTable // "as well as", "إضافة إلى"
	durations, hours seqTable // "منذ يومين", "three days ago"
	holidays         seqTable // "عشية رأس السنة": month*100 + day
	sameDay, nightOf seqTable // "في اليوم نفسه"; "ليل الاثنين - الثلاثاء"
	dayBefore        seqTable // "a day earlier", "اليوم السابق"
	thisMonth        seqTable // "من الشهر الجاري"
	nearWords        seqTable // "قرب", "بالقرب من", "near"
	yearStart        seqTable // "مطلع العام"
	timeOfDay        seqTable // "صباحاً"
	windows          seqTable // "في غضون", "within"
	corrections      seqTable // "قبل أن يتضح", "it later emerged"
	pluperfectVerbs  seqTable // "وكانت" (... قد)
)

// tables is lexicon.txt loaded: what init copies to the variables above.
type tables struct {
	lexicon                map[string]word
	phrases                map[string][]phrase
	values                 map[string]map[string]int // numbers, tens, ordinals, adverbs
	sets                   map[string]map[string]bool
	dualHeads, weaponNames map[string]string
	groups                 []group
	clitics, numberClitics []string
	seqs                   map[string]seqTable
}

// seqSections are read as sequences of words, possibly several ("كانون
// الثاني", "last night"), with a value: seqTable.
var seqSections = map[string]*seqTable{"day-words": &dayWords, "weekdays": &weekdays, "months": &months, "since": &sinceWords, "month-start": &monthStart, "of-them": &ofThem, "list-joiners": &listJoiners,
	"durations": &durations, "hours": &hours, "holidays": &holidays, "same-day": &sameDay, "day-before": &dayBefore, "night-of": &nightOf, "this-month": &thisMonth, "near-words": &nearWords, "year-start": &yearStart, "time-of-day": &timeOfDay, "windows": &windows, "corrections": &corrections, "pluperfect": &pluperfectVerbs}

// zeroKeys are the keyed sections where 0 is a value ("today: 0 days
// before").
var zeroKeys = map[string]bool{"day-words": true}

// setSections are the sections that are plain word sets, and the variable
// each fills.
var setSections = map[string]*map[string]bool{
	"paren-openers": &parenOpeners, "denied-things": &deniedThings, "year-words": &yearWords,
	"time-words": &timeWords, "launcher-words": &launcherWords, "non-attack-heads": &nonAttackHeads,
	"roles": &roles, "trap-before": &trapBefore, "trap-after": &trapAfter, "base-nouns": &baseNouns,
	"plural-base-nouns": &pluralBaseNouns, "related-headers": &relatedHeaders,
	"abbreviations": &abbreviations, "claim-verbs": &claimVerbs, "casualty-words": &casualtyWords,
	"collective-bases": &collectiveBases, "collective-forces": &collectiveForces,
	"last-words": &lastWords, "next-words": &nextWords, "list-fillers": &listFillers, "clause-openers": &clauseOpeners,
	"place-nouns": &placeNouns, "area-nouns": &areaNouns, "cities": &cityNames, "range-ends": &rangeEnds, "suffer-verbs": &sufferVerbs, "dual-suffer-verbs": &dualSufferVerbs, "non-attack-actions": &nonAttackActions, "us-owners": &usOwners, "attack-preps": &attackPreps, "distance-units": &distanceUnits, "directions": &directions, "operation-kinds": &operationKinds, "time-openers": &timeOpeners, "other-words": &otherWords, "past-marks": &pastMarks, "hedges": &hedges, "contain-verbs": &containVerbs, "building-nouns": &buildingNouns, "alarms": &alarmWords, "demonstratives": &demonstratives, "determiners": &determiners, "located": &locatedWords, "owner-words": &ownerWords, "known-as": &knownAs, "statement-words": &statementWords, "rumor-words": &rumorWords,
}

// flagSections are the sections whose entries carry a flag.
var flagSections = map[string]wflag{
	"cue": fCue, "projectile": fProj, "impact": fImpact, "time": fTime, "negation": fNeg,
	"negation-gap": fNegMid, "denial": fDeny, "speech": fSpeech, "after-site": fAfterSite,
	"host": fHost, "launch": fLaunch, "background": fBackground, "barrier": fBarrier,
	"outlet": fOutlet, "crossing": fCrossing, "refer": fRefer, "approx": fApprox,
	"distributive": fDistrib, "base-noun": fBaseNoun, "embassy-noun": fEmbassyNoun,
	"field-noun": fFieldNoun, "dual-base": fDualBase, "foreign": fForeign, "modifier": fModifier,
	"threat": fThreat, "figurative": fFigurative, "toward": fToward, "object": fObject,
	"place-prep": fLocPrep, "org": fOrg, "vague": fVague, "agents": fAgent, "aircraft": fAircraft,
	"agent-links": fAgentLink, "rise-verbs": fRise,
}

// countSections are the count nouns, by their dual field.
var countSections = map[string]int8{"count-one": 1, "count-many": 0, "count-two": 2}

// lexSection is one [section] of lexicon.txt as written.
type lexSection struct {
	name    string
	line    int
	entries []lexEntry
}

// lexEntry is one entry of a section; key is set in keyed sections.
type lexEntry struct {
	key, text string
	line      int
}

// keyedSections read "key: entry | entry".
var keyedSections = map[string]bool{"numbers": true, "tens": true, "ordinals": true, "adverbs": true, "dual-heads": true, "weapons": true, "groups": true,
	"day-words": true, "weekdays": true, "months": true, "durations": true, "holidays": true}

// rawSections hold entries that are not normalized text (clitic prefixes).
var rawSections = map[string]bool{"clitics": true, "number-clitics": true}

// parseLexicon splits lexicon.txt into its sections.
func parseLexicon(text string) ([]lexSection, error) {
	var out []lexSection
	for n, line := range strings.Split(text, "\n") {
		n++
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			out = append(out, lexSection{name: line[1 : len(line)-1], line: n})
			continue
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("lexicon.txt:%d: an entry before the first [section]", n)
		}
		s := &out[len(out)-1]
		key := ""
		if keyedSections[s.name] {
			k, rest, ok := strings.Cut(line, ":")
			if !ok {
				return nil, fmt.Errorf("lexicon.txt:%d: [%s] wants \"key: entry | entry\"", n, s.name)
			}
			key, line = strings.TrimSpace(k), rest
		}
		for _, e := range strings.Split(line, "|") {
			if e = strings.TrimSpace(e); e != "" {
				s.entries = append(s.entries, lexEntry{key: key, text: e, line: n})
			}
		}
	}
	return out, nil
}

// loadLexicon reads the sections of lexicon.txt into tables.
func loadLexicon(text string) (*tables, error) {
	secs, err := parseLexicon(text)
	if err != nil {
		return nil, err
	}
	t := &tables{
		lexicon: map[string]word{}, phrases: map[string][]phrase{},
		values:    map[string]map[string]int{"numbers": {}, "tens": {}, "ordinals": {}, "adverbs": {}},
		sets:      map[string]map[string]bool{},
		dualHeads: map[string]string{}, weaponNames: map[string]string{},
		seqs: map[string]seqTable{},
	}
	for name := range seqSections {
		t.seqs[name] = seqTable{first: map[string][]seq{}}
	}
	for name := range setSections {
		t.sets[name] = map[string]bool{}
	}
	for _, s := range secs {
		for _, e := range s.entries {
			if err := t.add(s.name, e); err != nil {
				return nil, fmt.Errorf("lexicon.txt:%d: [%s] %q: %w", e.line, s.name, e.text, err)
			}
		}
	}
	for _, st := range t.seqs {
		st.sort()
	}
	// Longest spelling first, so "المقاومة الإسلامية في العراق" wins.
	sort.SliceStable(t.groups, func(a, b int) bool { return len(t.groups[a].words) > len(t.groups[b].words) })
	return t, nil
}

func (t *tables) add(sec string, e lexEntry) error {
	ws := strings.Fields(e.text)
	if f, ok := flagSections[sec]; ok {
		if len(ws) > 1 {
			t.phrases[ws[0]] = append(t.phrases[ws[0]], phrase{words: ws, flags: f})
			return nil
		}
		w := t.lexicon[e.text]
		w.flags |= f
		t.lexicon[e.text] = w
		return nil
	}
	if dual, ok := countSections[sec]; ok {
		w := t.lexicon[e.text]
		w.flags |= fCountNoun
		w.dual = dual
		t.lexicon[e.text] = w
		return nil
	}
	if st, ok := t.seqs[sec]; ok {
		v := 1
		if sec == "holidays" {
			d, err := time.Parse("01-02", e.key)
			if err != nil {
				return fmt.Errorf("key %q: want MM-DD", e.key)
			}
			v = int(d.Month())*100 + d.Day()
		} else if keyedSections[sec] {
			var err error
			if v, err = strconv.Atoi(e.key); err != nil || v < 0 || v == 0 && !zeroKeys[sec] {
				return fmt.Errorf("key %q: want a positive number", e.key)
			}
		}
		st.first[ws[0]] = append(st.first[ws[0]], seq{words: ws, value: v})
		return nil
	}
	if set, ok := t.sets[sec]; ok {
		set[e.text] = true
		return nil
	}
	if m, ok := t.values[sec]; ok {
		v, err := strconv.Atoi(e.key)
		if err != nil || v <= 0 {
			return fmt.Errorf("key %q: want a positive number", e.key)
		}
		m[e.text] = v
		return nil
	}
	switch sec {
	case "dual-heads":
		t.dualHeads[e.text] = e.key
	case "weapons":
		t.weaponNames[e.text] = e.key
	case "groups":
		t.groups = append(t.groups, group{words: ws, name: e.key})
	case "clitics":
		t.clitics = append(t.clitics, e.text)
	case "number-clitics":
		t.numberClitics = append(t.numberClitics, e.text)
	default:
		return fmt.Errorf("unknown section")
	}
	return nil
}

func init() {
	t, err := loadLexicon(lexiconFile)
	if err != nil {
		panic("extract: " + err.Error()) // the embedded file is checked by TestLexicon
	}
	lexicon, phrases = t.lexicon, t.phrases
	numWords, tensAR, ordWords, englishAdverbs = t.values["numbers"], t.values["tens"], t.values["ordinals"], t.values["adverbs"]
	dualHeads, weaponNames, groups = t.dualHeads, t.weaponNames, t.groups
	for name, p := range setSections {
		*p = t.sets[name]
	}
	arPrefixes, arNumPrefixes = t.clitics, append([]string{""}, t.numberClitics...)
	// Each seqTable gets a bit of word.seqs, set on the words that open
	// its entries (vocabulary), so that at passes over other words.
	seqFirst = map[string]uint32{}
	names := slices.Sorted(maps.Keys(seqSections))
	if len(names) > 32 {
		panic("extract: more seqTables than bits in word.seqs")
	}
	for b, name := range names {
		st := t.seqs[name]
		st.bit = 1 << b
		*seqSections[name] = st
		for k := range st.first {
			seqFirst[k] |= st.bit
		}
	}
	numAll, tensAll, ordAll = expand(numWords), expand(tensAR), expand(ordWords)
	indexPrefixes()
}

// seqTable holds entries of one or more words by their first word, longest
// first.
type seqTable struct {
	first map[string][]seq
	bit   uint32 // marks, in word.seqs, the words that open an entry
}

type seq struct {
	words []string
	value int
}

func (st seqTable) sort() {
	for _, ss := range st.first {
		sort.SliceStable(ss, func(a, b int) bool { return len(ss[a].words) > len(ss[b].words) })
	}
}

// at matches the longest entry starting at token i (before hi); the first
// word may carry Arabic clitics ("وأمس", "بالأمس"). It returns the entry's
// value and the index after it.
func (st seqTable) at(ts []token, ann []word, i, hi int) (value, end int, ok bool) {
	if i >= hi || ts[i].kind != tkWord || ann[i].seqs&st.bit == 0 {
		return 0, i, false
	}
	cands := st.first[ts[i].norm]
	if cands == nil && ts[i].arabic {
		cands = st.first[ann[i].core]
		// "والأحد", "بالأمس": a conjunction or preposition before the
		// article, which the core strips too.
		for tok := ts[i].norm; cands == nil && len(tok) > 4 && strings.ContainsAny(tok[:2], "وفبلك"); {
			tok = tok[2:]
			cands = st.first[tok]
		}
	}
	for _, s := range cands {
		j := i + 1
		for k := 1; k < len(s.words); k++ {
			if j >= hi || ts[j].norm != s.words[k] {
				j = -1
				break
			}
			j++
		}
		if j > 0 {
			return s.value, j, true
		}
	}
	return 0, i, false
}
