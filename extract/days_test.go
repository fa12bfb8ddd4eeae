package extract

import (
	"testing"
	"time"
)

// TestFindDays resolves day expressions of both languages against an
// article of Friday 4 December 2026.
func TestFindDays(t *testing.T) {
	article := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) // a Friday
	if article.Weekday() != time.Friday {
		t.Fatal(article.Weekday())
	}
	tests := []struct {
		text  string
		want  string // the first day found, "" for none
		since bool
	}{
		{"تعرضت القاعدة أمس لهجوم", "2026-12-03", false},
		{"هجوم بالأمس على القاعدة", "2026-12-03", false},
		{"استهدفت مسيرة القاعدة فجر اليوم", "2026-12-04", false},
		{"في هجوم فجر الأربعاء", "2026-12-02", false},
		{"مساء الجمعة", "2026-12-04", false},
		{"الجمعة الماضية", "2026-11-27", false},
		{"الخميس الماضي", "2026-12-03", false},
		{"الأحد المقبل", "", false},
		{"أول من أمس", "2026-12-02", false},
		{"الليلة الماضية", "2026-12-03", false},
		{"في 5 تشرين الثاني", "2026-11-05", false},
		{"في 8 كانون الثاني 2020", "2020-01-08", false},
		{"يوم 12 ديسمبر", "2025-12-12", false},
		{"منذ مطلع الشهر", "2026-12-01", true},
		{"منذ 17 تشرين الأول", "2026-10-17", true},
		{"منذ أكتوبر الماضي", "2026-10-01", true},
		{"منذ يومين", "2026-12-02", false},
		{"منذ ساعات", "2026-12-04", false},
		{"منذ أسابيع", "", false},
		{"Rockets hit the base on Tuesday", "2026-12-01", false},
		{"late Thursday", "2026-12-03", false},
		{"yesterday", "2026-12-03", false},
		{"last night", "2026-12-03", false},
		{"on Jan. 8, 2020", "2020-01-08", false},
		{"on 1 November", "2026-11-01", false},
		{"on November 30", "2026-11-30", false},
		{"on the 3rd of December", "2026-12-03", false},
		{"since Oct. 17", "2026-10-17", true},
		{"since October", "2026-10-01", true},
		{"two days ago", "2026-12-02", false},
		{"in March", "", false},
		{"may strike", "", false},
		{"February 31", "", false},
	}
	for _, tt := range tests {
		ts := postprocess(tokenize(tt.text), tt.text)
		ann := annotate(ts, vocabulary())
		refs := findDays(ts, ann, span{0, len(ts)}, article, time.Time{}, nil)
		got, since := "", false
		if len(refs) > 0 {
			got, since = refs[0].day.Format(time.DateOnly), refs[0].since
		}
		if got != tt.want || since != tt.since {
			t.Errorf("%q: day %q since %v, want %q since %v", tt.text, got, since, tt.want, tt.since)
		}
	}
}
