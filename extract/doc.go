// Package extract reads one news article (Arabic or English) and returns the
// US and coalition sites it says were attacked, with the number of attacks
// per site. It is pure: text in, findings out, no I/O, no mutable globals.
//
// The pipeline, one file per step:
//
//   - normalize.go: one pass turns the text into tokens, folding Arabic
//     (diacritics and tatweel dropped, alef/hamza seats, ى/ي, ة/ه, Persian
//     letters, Arabic-Indic and Persian digits) and Latin (case, accents,
//     "U.S.", possessives), each token keeping its byte span for evidence.
//   - lexicon.go, numbers.go: the words that matter (attack words,
//     projectiles, negations, denials, hosts, launch points, speakers,
//     approximations) and the numbers (digits, number words in both genders
//     and with clitics, duals, adverbs, ordinals), precomputed with every
//     clitic form so that a token costs one map access.
//   - match.go, mentions.go: the gazetteer as a token trie (longest alias
//     wins; clitics on the first word; capitals required for acronyms;
//     "قاعدتي X وY"), trap filters (outlets, crossings, roads, people,
//     another country's embassy) and anaphora ("the base", "القاعدة").
//   - blocks.go: lines, related-news blocks ("أخبار ذات صلة", "Related"),
//     sentences and clauses (فيما, بينما, while, ";").
//   - clause.go, link.go: per clause, the attack words and counts; per site,
//     whether an attack word is tied to it (distance that skips parentheses)
//     and whether it is only a host, a launch point, a speaker, denied,
//     threatened or background.
//   - decide.go, aggregate.go: each count goes to its nearest attacked site
//     (shared counts between coordinated sites are split only with "each");
//     per site the largest stated count wins (an exact one on a tie); the
//     Green Zone yields to the embassy; counts tied to no site are totals.
//
// Every step is linear in the text; clauses are capped in length so that
// hostile inputs stay linear too.
package extract
