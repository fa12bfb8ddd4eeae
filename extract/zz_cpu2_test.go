package extract

func extractZZ(e *Extractor, s string) { e.Extract(s, "auto", "2026-12-04") }
