package transform

import "testing"

// TestCoverUnitName reads unit names from the text outside the tables, and
// refuses headings that only look like a cover line.
func TestCoverUnitName(t *testing.T) {
	testLooseLines(t, "coverUnitName", coverUnitName, []looseCase{
		{"name above the kind", []string{"江苏省人民检察院", "2018年部门预算", "目录"}, "江苏省人民检察院"},
		{"name and kind on one line", []string{"晋城市乡村振兴中心2026年度单位预算公开"}, "晋城市乡村振兴中心"},
		{"field", []string{"预算单位：阳城县农业技术推广中心"}, "阳城县农业技术推广中心"},
		{"part heading", []string{"目录", "第一部分部门概况", "第二部分2018年度部门预算表"}, ""},
		{"contents line before the kind", []string{"目录", "2018年部门预算"}, ""},
		{"table title", []string{"上海市普陀区2025年部门预算表"}, ""},
		{"year without 年", []string{"北京市人民政府国有资产监督管理委员会", "2026部门预算情况的说明"}, "北京市人民政府国有资产监督管理委员会"},
		{"综合预算", []string{"西安市发展和改革委员会", "2019年部门综合预算说明"}, "西安市发展和改革委员会"},
		{"field beside the unit", []string{"项目支出绩效目标表（含转移支付项目）", "部门名称：广州市政务服务和数据管理局单位：万元"}, "广州市政务服务和数据管理局"},
		{"unit alone", []string{"单位：万元"}, ""},
	})
}

// TestCoverInfo reads the year and kind a cover prints, the cover's kind
// before a 决算 its narrative mentions.
func TestCoverInfo(t *testing.T) {
	tests := []struct {
		name       string
		loose      []string
		year, kind string
	}{
		{"year without 年", []string{"某委员会", "2026部门预算情况的说明", "一、部门情况说明", "2025年决算数为…"}, "2026", "budget"},
		{"budget disclosure", []string{"某办公室", "2026年度部门预算信息公开", "目录", "与2025年决算相比…"}, "2026", "budget"},
		{"final", []string{"某局", "2024年度部门决算"}, "2024", "final"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var info DocInfo
			coverInfo(&info, tt.loose)
			if info.Year != tt.year || string(info.DocKind) != tt.kind {
				t.Errorf("coverInfo(%q): year %q kind %q, want %q %q", tt.loose, info.Year, info.DocKind, tt.year, tt.kind)
			}
		})
	}
}

// TestNotDisclosure tells a performance evaluation report, whose tables
// quote budget figures, from the disclosures whose narrative mentions one.
func TestNotDisclosure(t *testing.T) {
	testLooseLines(t, "notDisclosure", notDisclosure, []looseCase{
		{"evaluation report", []string{"长沙市财政项目支出绩效评价报告", "评价项目单位：长沙市某委员会"}, "绩效评价报告"},
		{"self-evaluation", []string{"2025年度部门整体支出绩效自评报告"}, "绩效评价报告"},
		{"spaced", []string{"项目支出绩效 评价报告书"}, "绩效评价报告"},
		{"budget disclosure", []string{"某局", "2026年部门预算", "绩效评价报告"}, ""},
		{"budget with a report in it", []string{"2026年部门预算绩效评价报告"}, ""},
		{"performance targets", []string{"项目支出绩效目标表"}, ""},
		{"nothing", nil, ""},
	})
}

// TestDutiesUnitName reads the unit's name from the sentence that opens the
// section on its duties, when it starts with a region.
func TestDutiesUnitName(t *testing.T) {
	testLooseLines(t, "dutiesUnitName", dutiesUnitName, []looseCase{
		{"属于", []string{"一、部门情况说明", "（一）本部门职责情况", "北京市气象局属于公益性事业单位，职责是制定地方气"}, "北京市气象局"},
		{"主要职责", []string{"（一）部门职责", "北京市人民政府办公厅主要职责包括："}, "北京市人民政府办公厅"},
		{"的主要职责", []string{"一、部门主要职责", "福州市医疗保障局的主要职责是："}, "福州市医疗保障局"},
		{"bracketed short name", []string{"（一）主要职能", "北京市重大项目建设指挥部办公室（以下简称市重大项目办）负责"}, "北京市重大项目建设指挥部办公室"},
		{"a name no region starts", []string{"（一）主要职能", "北京城市副中心工程建设管理办公室(以下简称“副中心办”)负责"}, ""},
		{"party organ", []string{"一、主要职责", "中国共产党北京市委员会宣传部是市委主管意识形态"}, "中国共产党北京市委员会宣传部"},
		{"no region", []string{"（一）部门职责", "本局是市政府工作部门"}, ""},
		{"a list of duties", []string{"（一）部门职责", "1.起草本市相关地方性法规草案"}, ""},
		{"not under duties", []string{"（二）机构设置", "北京市气象局设11个内设机构"}, ""},
	})
}

// looseCase is a document's text outside its tables and what a reader of
// it should find there.
type looseCase struct {
	name  string
	loose []string
	want  string
}

// testLooseLines runs read, named name, over each case's lines.
func testLooseLines(t *testing.T, name string, read func([]string) string, tests []looseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := read(tt.loose); got != tt.want {
				t.Errorf("%s(%q) = %q, want %q", name, tt.loose, got, tt.want)
			}
		})
	}
}
