package extract

// The extractor's distances and thresholds, in one place. Distances are in
// tokens (words, numbers and marks), counted inside one clause, with short
// parentheses skipped (see clauseInfo.dist).
const (
	// cueWindow: an attack verb or noun ties to a site this close:
	// "استهدفت طائرتان مسيرتان، مساء الجمعة، قاعدة ...".
	cueWindow = 12
	// projWindow: a projectile alone ties to a site this close: "بصاروخين",
	// "rockets ... Green Zone".
	projWindow = 7
	// countWindow: a stated count binds to an attacked site this close.
	countWindow = 12

	// forcesReach: a site this close after "US forces" says where the
	// forces were, so a count of attacks on them is the site's.
	forcesReach = 5

	// listGap: at most this many head nouns stand between two items of a
	// list of sites ("وقاعدة ثالثة قرب مطار أربيل").
	listGap = 3

	// forcesBefore: "US troops attacked 14 times": forces this close
	// before a count make it the forces', not a site's.
	forcesBefore = 4

	// windowReach: "هجومان على قاعدة عين الأسد في غضون 24 ساعة": a span of
	// time this close after a count makes it the span's.
	windowReach = 8

	// maxSiteCount: no article states more attacks than this on one site
	// in one day; a larger count for a site is a running total, never a
	// day's.
	maxSiteCount = 30

	// sinceReach: after "since"/"منذ", a day expression this close is the
	// start of a running total ("منذ مطلع الشهر", "since Oct. 17").
	sinceReach = 3

	// pluperfectReach: "وكانت القاعدة ... قد تعرضت": قد this close after
	// كان makes the clause's events earlier ones.
	pluperfectReach = 10

	// consulateCityReach: an embassy name followed this closely by "in"
	// and a consulate's city ("مقر السفارة الأمريكية الذي يجري تشييده في
	// مدينة أربيل") is that consulate (labels.md rule 5).
	consulateCityReach = 7

	// nearBaseReach: "قاعدة الاحتلال قرب مطار أربيل": a base noun this
	// close before "near" makes the named place the base's (rule 7).
	nearBaseReach = 2
	// nearAttackReach: an attack word this close before "near X" makes X
	// the target ("were attacked twice near al-Asad").
	nearAttackReach = 3
	// hostReach: "a base hosting US-led coalition troops near Erbil
	// airport": a hosting phrase this long may stand between the base and
	// its place.
	hostReach = 6

	// agentReach: a state's name this close to a strike, with only
	// aircraft and links between, makes the strike its own ("الضربة التي
	// نفذتها طائرة أمريكية مسيرة").
	agentReach = 4

	// negationReach: a negation this close before an ordinal negates it
	// ("لم يكن ذلك الهجوم الأول").
	negationReach = 4

	// threatAfterReach: a threat this close after a site ("لن تكون
	// بمنأى", "will be targeted") makes it a threatened one, not attacked.
	threatAfterReach = 4

	// spanReach: "the first time the mission had been targeted in more
	// than two years": a span of time this close after an ordinal.
	spanReach = 14

	// saidReach: a speech verb this close before a day expression makes it
	// a statement's day ("the US Central Command said on Saturday").
	saidReach = 3

	// maxAgo: "منذ يومين", "three days ago" date an attack up to this
	// many days back; longer spans are told as undated background.
	maxAgo = 6

	// maxListItem: a line of a list (a tally under a header ending with
	// ':') has at most this many words.
	maxListItem = 20

	// maxClause bounds a clause; real clauses are far shorter, and the
	// bound keeps hostile inputs linear.
	maxClause = 120
	// maxHeadlines bounds a related-news block, in lines.
	maxHeadlines = 12
	// maxEvidence caps the evidence snippet, in runes.
	maxEvidence = 200
)
