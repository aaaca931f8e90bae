"""Quantitative and dated targets (ingest/targets.py), DESIGN.md section 3."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.targets import TargetSpan, check_breakdowns, extract_targets


def _rows(text: str, **years) -> list[tuple]:
    """(metric, value, unit, comparator, year, base_year, kind) for each target, in order."""
    return [(t.metric, t.value, t.unit, t.comparator, t.year, t.base_year, t.kind)
            for t in extract_targets(text, **years) if not t.past]


# ---- whole-target tables -----------------------------------------------------------------
#: text, plan years, expected rows (metric, value, unit, comparator, year, base_year, kind)
TARGETS = [
    ("力争2017年实现地区生产总值突破千亿元", {},
     [("地区生产总值", 1e11, "元", ">", 2017, None, "absolute")]),
    ("到2020年财政总收入在2014年基础上实现翻番", {},
     [("财政总收入", 2.0, "倍", "=", 2020, 2014, "relative")]),
    ("到2020年财政总收入在2014年基础上实现翻两番", {},
     [("财政总收入", 4.0, "倍", "=", 2020, 2014, "relative")]),
    ("力争至2017年,全区信息产业智慧产业规模比2014年翻一番,超过2500亿元。", {},
     [("全区信息产业智慧产业规模", 2.0, "倍", "=", 2017, 2014, "relative"),
      ("全区信息产业智慧产业规模", 2.5e11, "元", ">", 2017, None, "absolute")]),
    ("新增国际标准10件,国家标准50件,行业标准100件", {},
     [("新增国际标准", 10.0, "件", "=", None, None, "absolute"),
      ("新增国家标准", 50.0, "件", "=", None, None, "absolute"),
      ("新增行业标准", 100.0, "件", "=", None, None, "absolute")]),
    ("创业启动类项目不少于500个,落地率70%以上", {},
     [("创业启动类项目", 500.0, "个", ">=", None, None, "absolute"),
      ("落地率", 70.0, "%", ">=", None, None, "share")]),
    ("三年引进人才总量不少于8万名", {"plan_end_year": 2017},
     [("引进人才总量", 80000.0, "名", ">=", 2017, None, "absolute")]),
    ("孵化面积不少于200万方", {},
     [("孵化面积", 2_000_000.0, "平方米", ">=", None, None, "absolute")]),
    ("每年总额不少于10亿元", {},
     [("总额", 1e9, "元", ">=", None, None, "absolute")]),
    ("区财政每年安排不少于15%的支出用于产业发展的扶持", {},
     [("区财政每年安排支出", 15.0, "%", ">=", None, None, "share")]),
    ("今年发展的主要预期目标是：国内生产总值增长6.5%左右，居民消费价格涨幅3%左右，"
     "城镇新增就业1100万人以上，城镇调查失业率5.5%左右。", {"plan_start_year": 2017, "plan_end_year": 2017},
     [("国内生产总值增长", 6.5, "%", "~", 2017, None, "relative"),
      ("居民消费价格涨幅", 3.0, "%", "~", 2017, None, "relative"),
      ("城镇新增就业", 1.1e7, "人", ">=", 2017, None, "absolute"),
      ("城镇调查失业率", 5.5, "%", "~", 2017, None, "share")]),
    ("GDP增长5%左右", {}, [("GDP增长", 5.0, "%", "~", None, None, "relative")]),
    ("国内生产总值达到74.4万亿元", {}, [("国内生产总值", 7.44e13, "元", "=", None, None, "absolute")]),
    ("力争财政收入达到1.2万亿元", {}, [("财政收入", 1.2e12, "元", "=", None, None, "absolute")]),
    ("进出口总额达到8000亿美元", {}, [("进出口总额", 8e11, "美元", "=", None, None, "absolute")]),
    ("三年内完成投资不少于50亿元", {"plan_end_year": 2017},
     [("完成投资", 5e9, "元", ">=", 2017, None, "absolute")]),
    ("三年内完成投资不少于50亿元", {"plan_start_year": 2015, "plan_end_year": 2017},
     [("完成投资", 5e9, "元", ">=", 2017, None, "absolute")]),
    ("即到2017年实现超百亿元企业5家,超50亿元企业9家", {},
     [("超百亿元企业", 5.0, "家", "=", 2017, None, "absolute"),
      ("超50亿元企业", 9.0, "家", "=", 2017, None, "absolute")]),
    ("积极对接并申报建设创意小镇、e谷小镇等2-3个省级特色小镇", {},
     [("建设省级特色小镇", 2.0, "个", ">=", None, None, "absolute")]),
    ("打造1-2个千亿级产业集群", {},
     [("打造千亿级产业集群", 1.0, "个", ">=", None, None, "absolute")]),
    ("国内生产总值增长6.5%－7%", {},
     [("国内生产总值增长", 6.5, "%", ">=", None, None, "relative")]),
    ("力争到2016年29个行政村社区村级经营性总收入比2011年翻一番。", {},
     [("行政村社区村级经营性总收入", 2.0, "倍", "=", 2016, 2011, "relative")]),
    ("到二〇三五年人均国内生产总值翻一番以上", {},
     [("人均国内生产总值", 2.0, "倍", ">=", 2035, None, "relative")]),
    ("力争三年内新增专利授权1万件,其中发明专利不少于6千件", {"plan_end_year": 2017},
     [("新增专利授权", 10000.0, "件", "=", 2017, None, "absolute"),
      ("发明专利", 6000.0, "件", ">=", 2017, None, "absolute")]),
    ("确定并重点培育100家(每年不少于30家)具有高成长性的瞪羚企业。", {},
     [("确定并重点培育瞪羚企业", 100.0, "家", "=", None, None, "absolute"),
      ("确定并重点培育瞪羚企业", 30.0, "家", ">=", None, None, "absolute")]),
    ("全员劳动生产率从人均8.7万元提高到12万元以上", {},
     [("全员劳动生产率", 120000.0, "元", ">=", None, None, "absolute")]),
    ("清洁能源消费比重提高1.7个百分点", {},
     [("清洁能源消费比重提高", 1.7, "百分点", "=", None, None, "relative")]),
    ("实施制造业重点技改项目5000项以上，新增高技能人才20万人", {},
     [("实施制造业重点技改项目", 5000.0, "项", ">=", None, None, "absolute"),
      ("新增高技能人才", 200000.0, "人", "=", None, None, "absolute")]),
    ("新建50所高水平高等职业学校和150个骨干专业", {},
     [("新建高水平高等职业学校", 50.0, "所", "=", None, None, "absolute"),
      ("新建骨干专业", 150.0, "个", "=", None, None, "absolute")]),
    # a figure any verb acts on (the verb list is not the rule): 遴选, 建强, 建成投运, 再开工
    ("遴选80名青年科技人才", {}, [("遴选青年科技人才", 80.0, "名", "=", None, None, "absolute")]),
    ("建强30家高校产业研究院", {}, [("建强高校产业研究院", 30.0, "家", "=", None, None, "absolute")]),
    ("建成投运4个国家区域医疗中心", {}, [("建成投运国家区域医疗中心", 4.0, "个", "=", None, None, "absolute")]),
    # a list of figures after one verb, and examples followed by the count of many
    ("加快1600个城市更新、600个医教康育服务项目建设", {},
     [("加快城市更新", 1600.0, "个", "=", None, None, "absolute"),
      ("医教康育服务项目建设", 600.0, "个", "=", None, None, "absolute")]),
    ("加快孝感楚能新能源二期、荆门石化特种油基地等5500个重大项目建设", {},
     [("荆门石化特种油基地等重大项目建设", 5500.0, "个", "=", None, None, "absolute")]),
    # shares written as fractions
    ("实践性教学课时原则上占总课时一半以上", {},
     [("实践性教学课时占总课时", 50.0, "%", ">=", None, None, "share")]),
    ("可再生能源占比达到三分之一左右", {}, [("可再生能源占比", 33.33, "%", "~", None, None, "share")]),
    # a measure word before a longer word that starts with a character it may not precede
    ("培养引进10名优秀青年科技人才", {}, [("培养引进优秀青年科技人才", 10.0, "名", "=", None, None, "absolute")]),
    # a magnitude without a measure word, or without a digit, after a comparator word
    ("实现标识注册总量突破5亿。", {}, [("标识注册总量", 5e8, None, ">", None, None, "absolute")]),
    ("力争产业规模突破万亿元", {}, [("产业规模", 1e12, "元", ">", None, None, "absolute")]),
    # 对 + a count: what is done to them follows (not an eligibility condition)
    ("对10万名适龄女童进行HPV疫苗补助接种", {},
     [("适龄女童进行HPV疫苗补助接种", 1e5, "名", "=", None, None, "absolute")]),
    # a figure after its noun counts the noun, a list of modifiers and all
    ("新增养老护理、应急救护护理员8000人。", {},
     [("新增养老护理、应急救护护理员", 8000.0, "人", "=", None, None, "absolute")]),
    # a bracket inside the noun is read past; the next list item keeps its own measure word
    ("提质升级700个乡镇（街道）应急消防管理站、310支专职消防队；", {},
     [("提质升级乡镇应急消防管理站", 700.0, "个", "=", None, None, "absolute"),
      ("专职消防队", 310.0, "支", "=", None, None, "absolute")]),
    # verbs known by their shape: a result complement (抓实, 办好) and 获批
    ("抓实20个重点项目", {}, [("抓实重点项目", 20.0, "个", "=", None, None, "absolute")]),
    ("争取获批3个国家级现代农业产业园", {},
     [("获批国家级现代农业产业园", 3.0, "个", "=", None, None, "absolute")]),
    # counts of work: after 开工, a short 的-modifier, an ordinal batch, 个年度 as an adjective,
    # the places where work is done (在…), two measures of one thing
    ("今年再开工27个项目", {"plan_start_year": 2015, "plan_end_year": 2015},
     [("再开工项目", 27.0, "个", "=", 2015, None, "absolute")]),
    ("稳步推进省委确定的339项重点改革任务落地。", {},
     [("稳步推进省委确定重点改革任务落地", 339.0, "项", "=", None, None, "absolute")]),
    ("推动第4批51项川渝通办事项高效实施。", {},
     [("推动第4批川渝通办事项高效实施", 51.0, "项", "=", None, None, "absolute")]),
    ("实施320个年度共建项目", {}, [("实施年度共建项目", 320.0, "个", "=", None, None, "absolute")]),
    ("推动职业院校在10个左右技术技能人才紧缺领域大力开展职业培训。", {},
     [("技术技能人才紧缺领域大力开展职业培训", 10.0, "个", "~", None, None, "absolute")]),
    # a money class before the noun a later figure counts: only the count is a target
    ("年销售收入超10亿元农业产业化龙头企业达到100家以上。", {},
     [("年销售收入超10亿元农业产业化龙头企业", 100.0, "家", ">=", None, None, "absolute")]),
    # verbs known by their shape (推出, 选择) and batches (建设若干)
    ("推出100项具有较大知名度的体育精品赛事。", {},
     [("推出体育精品赛事", 100.0, "项", "=", None, None, "absolute")]),
    ("在全国范围内选择10个左右有条件的城市。", {},
     [("在全国范围内选择城市", 10.0, "个", "~", None, None, "absolute")]),
    # a figure after 每 is the denominator of a rate, not a quantity
    ("配置AED达每10万人45台。", {}, [("配置AED达每10万人", 45.0, "台", "=", None, None, "absolute")]),
    # 过 + money after a count: the class of the things counted (both counts are targets)
    ("盯紧抓实64个预增产值过10亿元、2334个过2000万元的工业新增长点。", {},
     [("盯紧抓实预增产值过10亿元", 64.0, "个", "=", None, None, "absolute"),
      ("工业新增长点", 2334.0, "个", "=", None, None, "absolute")]),
    # 继续 (unlike 持续/深入/扎实) does not say the set exists: this year's list is a target
    ("继续实施10大类55项民生实事", {}, [("继续实施10大类民生实事", 55.0, "项", "=", None, None, "absolute")]),
    ("城镇调查失业率稳定在5%左右的较低水平。", {},       # 稳定在 is a comparator, not a place
     [("城镇调查失业率", 5.0, "%", "~", None, None, "share")]),
    ("为10万名城乡妇女免费开展两癌检查。", {},
     [("城乡妇女免费开展两癌检查", 1e5, "名", "=", None, None, "absolute")]),
    ("在100个地级以上城市进行公立医院改革试点", {},
     [("地级以上城市进行公立医院改革试点", 100.0, "个", "=", None, None, "absolute")]),
    ("新开工改造老旧小区716个26.95万户。", {},
     [("新开工改造老旧小区", 716.0, "个", "=", None, None, "absolute"),
      ("新开工改造老旧小区", 269500.0, "户", "=", None, None, "absolute")]),
    # a magnitude before a noun of people counts people (人); 让/使 + a count: those it reaches
    ("今年再解决6000万农村人口饮水安全问题，", {"plan_start_year": 2015, "plan_end_year": 2015},
     [("再解决农村人口饮水安全问题", 6e7, "人", "=", 2015, None, "absolute")]),
    ("保持2300万省外劳动力和240万省外脱贫劳动力在浙稳定就业。", {},
     [("保持省外劳动力", 2.3e7, "人", "=", None, None, "absolute"),
      ("省外脱贫劳动力在浙稳定就业", 2.4e6, "人", "=", None, None, "absolute")]),
    ("力争让最后20多万无电人口都能用上电。", {},
     [("无电人口都能用上电", 2e5, "人", ">", None, None, "absolute")]),
    # a percentage before those it counts: the share of them that do what follows
    ("实现90%以上行政村通硬化路。", {}, [("行政村通硬化路", 90.0, "%", ">=", None, None, "share")]),
    ("90%的县达到紧密型县域医共体标准。", {},
     [("县达到紧密型县域医共体标准", 90.0, "%", "=", None, None, "share")]),
    ("力争城市建成区50%以上面积达到海绵城市建设标准。", {},
     [("城市建成区面积达到海绵城市建设标准", 50.0, "%", ">=", None, None, "share")]),
    # ranges carry their upper end (value_max is checked in test_targets_ranges_keep_both_ends)
    ("高技能人才培训80-100亿元", {}, [("高技能人才培训", 8e9, "元", ">=", None, None, "absolute")]),
]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("国内生产总值增长6.5%－7%", 6.5, 7.0),
    ("打造1-2个千亿级产业集群", 1.0, 2.0),
    ("高技能人才培训80-100亿元", 8e9, 1e10),   # the magnitude written once is for both ends
])
def test_targets_ranges_keep_both_ends(text: str, low: float, high: float) -> None:
    (t,) = extract_targets(text)
    assert (t.value, t.value_max, t.comparator) == (low, high, ">=")


@pytest.mark.parametrize(("text", "years", "expected"), TARGETS, ids=[t[0][:16] for t in TARGETS])
def test_targets_extract_table(text: str, years: dict, expected: list[tuple]) -> None:
    assert _rows(text, **years) == expected


# ---- comparators -------------------------------------------------------------------------
COMPARATORS = [
    ("新增企业不少于15家", ">="),
    ("新增企业至少15家", ">="),
    ("新增企业15家以上", ">="),
    ("新增企业不低于15家", ">="),
    ("在孵企业超过2000家", ">"),
    ("产业规模突破3000亿元", ">"),
    ("新增企业2000多家", ">"),
    ("各类孵化机构数量达到50家", "="),
    ("新三板挂牌企业达50家", "="),
    ("新增企业15家", "="),
    ("蔬菜产量稳定在200万吨左右", "~"),
    ("涉企收费约2000亿元", "~"),
    ("城镇登记失业率4.5%以内", "<="),
    ("城镇调查失业率控制在5%以内", "<="),
    ("城镇调查失业率控制在5%", "<="),
    ("财政赤字不超过3万亿元", "<="),
    ("城镇登记失业率低于4.6%", "<"),
    ("事故起数少于10起次", None),     # 起 is not a measure word we read: nothing
]


@pytest.mark.parametrize(("text", "comparator"), COMPARATORS)
def test_targets_comparator_from_wording(text: str, comparator: str | None) -> None:
    found = extract_targets(text)
    if comparator is None:
        assert found == []
    else:
        assert [t.comparator for t in found] == [comparator]


def test_targets_word_after_the_number_wins() -> None:
    (t,) = extract_targets("全区省标准化建设达标学校达到85%以上")
    assert (t.value, t.unit, t.comparator, t.kind) == (85.0, "%", ">=", "share")


# ---- years -------------------------------------------------------------------------------
YEARS = [
    ("到2020年，常住人口城镇化率达到60%", {}, 2020),
    ("2015年底前新增企业10家", {}, 2015),
    ("力争2017年前每年新增10家国家级重点实验室", {}, 2017),
    ("三年内新增上市企业不少于15家", {"plan_start_year": 2015, "plan_end_year": 2017}, 2017),
    ("三年内新增上市企业不少于15家", {}, None),
    ("今后五年新增城镇就业5000万人以上", {"plan_start_year": 2016, "plan_end_year": 2020}, 2020),
    ("今年城镇新增就业1200万人以上", {"plan_start_year": 2024}, 2024),
    ("年内新建农村公路1000公里", {"plan_start_year": 2025}, 2025),
    ("比2014年新增企业10家", {}, None),
    ("2014年11月新增企业10家", {}, None),
]


@pytest.mark.parametrize(("text", "years", "year"), YEARS)
def test_targets_due_year(text: str, years: dict, year: int | None) -> None:
    (t,) = extract_targets(text, **years)
    assert t.year == year


@pytest.mark.parametrize(("text", "base"), [
    ("到2020年财政总收入在2014年基础上实现翻番", 2014),
    ("产业规模比2014年翻一番", 2014),
    ("国内生产总值较2010年翻一番", 2010),
    ("与2015年相比单位能耗下降15%", 2015),
])
def test_targets_base_year(text: str, base: int) -> None:
    assert [t.base_year for t in extract_targets(text)] == [base]


# ---- what is not a target ----------------------------------------------------------------
NOT_TARGETS = [
    "强化世界500强、世界知名研发机构的上门招商力度",
    "同心协力建设56个民族共同团结奋斗、共同繁荣发展的美好家园",
    "深入实施海外高层次人才“5050计划”",
    "实施领军企业“59236”计划(暂定)",
    "前后历时25年,高新区已经基本实现了科技部提出的要求",
    "目前位居第五位",
    "进入全国前十",
    "李克强总理2014年11月视察高新区",
    "切实把握“十三五”增长速度换挡期",
    "推进3D打印、C2B、4G、O2O和5G应用",
    "着力推进“二十项重点”",
    "全面实施八大工程，完成三大任务",
    "围绕网络基础产业、物联网、互联网等三大领域",
    "重点支持集成电路设计、信息安全、网络传媒12个产业细分领域的技术研发",
    "每年安排不少于**亿元用于重大基础设施建设",
    "培育一批国际知名的100亿级智慧产业",
    "积极跟踪对接中央400亿元新兴产业创投引导基金",
    "引导企业积极开拓国际国内两个市场",
    "领先于全国22家创新型科技园区",
    "抓好滨江改革11个项目实施",
    "连续3个年度考核优秀",
    "全省常住人口6000万，",                              # a population stated, not a commitment
    "持续实施6个重大科技专项和重点研发计划",              # the size of a set that already exists
    "扎实推进39个欠发达县域托底性帮扶",
    "深入推进13条重点产业链倍增计划",
    "引导各地因地制宜聚力打造1-2个主导产业",             # a count for each locality
    "以办好10件民生实事为牵引",                          # the means a part works by
    "建立年综合能耗5000吨标准煤及以上重点用能单位节能管理制度",   # a class (及以上 + noun)                               # 个年度 of a few: a span of years
    "支持投资10亿元以上的项目",
    "服务业比重已经上升到50.5%，首次占据“半壁江山”",
    "去年国内生产总值增长了6.9%",
    "对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元",
    "半年考评分值=日常监测（60%）+实地调研（20%）+民意调查（10%）",
    "并在3个工作日内将更新后的目录报送",
    "教师每年至少1个月在企业实训",
    "《中国制造2025》",
    "1299个重大项目完成投资",
    "加快千家万户的数字化改造",
    "数十亿元的基金",
    # rules each party keeps, per-case amounts, response levels, situations, vague and layout counts
    "合作机构支小支农担保金额占全部担保金额的比例不得低于80%",
    "原则上国家融资担保基金和银行业金融机构承担的风险责任比例均不低于20%",
    "重点支持单户担保金额500万元及以下的小微企业",
    "一次动用中央储备粮数量在5亿公斤以下",
    "两个以上省、自治区、直辖市出现粮食应急状态",
    "盯紧抓实预增产值过10亿元的工业新增长点",
    "支持每个乡镇至少办好1所优质初中",
    "加快突破一批关键核心技术",
    "重点做好9个方面工作",
    "注册用户5亿，",                                  # a bare magnitude needs a comparator word
    "省级按照同期银行基准利率40%给予贴息",               # a rate of support applied by rule
    "省级按照不超过投资额20%的比例给予一次性奖补",
    "7%左右的速度可以实现比较充分的就业",                # a percentage of a measure, not of people
    "加快推进第一批12项重大改革事项落地见效",            # 第一批 is not 获批
    "抓好滨江改革11个项目实施",
    "连续3个年度考核优秀",
    "全省常住人口6000万，",                              # a population stated, not a commitment
    "持续实施6个重大科技专项和重点研发计划",              # the size of a set that already exists
    "扎实推进39个欠发达县域托底性帮扶",
    "深入推进13条重点产业链倍增计划",
    "引导各地因地制宜聚力打造1-2个主导产业",             # a count for each locality
    "以办好10件民生实事为牵引",                          # the means a part works by
    "建立年综合能耗5000吨标准煤及以上重点用能单位节能管理制度",   # a class (及以上 + noun)                               # 个年度 of a few: a span of years
    "培育一批产值超500亿、1000亿优势特色产业集群",      # …and to close its clause (else a class)
]


@pytest.mark.parametrize("text", NOT_TARGETS)
def test_targets_numbers_that_are_not_targets(text: str) -> None:
    assert [t for t in extract_targets(text) if not t.past] == []  # past figures are outcomes


def test_targets_threshold_names_a_class_but_its_count_is_kept() -> None:
    rows = _rows("即到2017年实现超百亿元企业5家")
    assert rows == [("超百亿元企业", 5.0, "家", "=", 2017, None, "absolute")]
    assert all(t.value != 1e10 for t in extract_targets("即到2017年实现超百亿元企业5家"))


def test_targets_review_text_is_background_until_the_outlook() -> None:
    text = ("一、2015年工作回顾\n过去一年，我国发展面临多重困难。\n国内生产总值达到67.7万亿元，增长6.9%。\n"
            "二、2016年重点工作\n今年发展的主要预期目标是：国内生产总值增长6.5%－7%。")
    assert _rows(text, plan_start_year=2016, plan_end_year=2016) == [
        ("国内生产总值增长", 6.5, "%", ">=", 2016, None, "relative")]
    got = [(t.metric, t.value, t.year, t.value_max) for t in extract_targets(
        text, plan_start_year=2016, plan_end_year=2016)]
    assert got == [("国内生产总值", 6.77e13, 2015, None), ("国内生产总值增长", 6.9, 2015, None),
                   ("国内生产总值增长", 6.5, 2016, 7.0)]  # the review's figures are 2015's outcomes


def test_targets_past_clause_in_a_committing_sentence() -> None:
    # 力争 makes the sentence a commitment, but its 已建成 clause reports what exists
    got = [(t.metric, t.value, t.past) for t in extract_targets("已建成孵化器10家，力争三年内新增孵化器20家")]
    assert got == [("已建成孵化器", 10.0, True), ("新增孵化器", 20.0, False)]


# ---- milestones (due at their date: comparator =, 年底前 or not, as the gold guideline says) -------
MILESTONES = [
    ("2016年底前确保西兴、长河所有规划并正式落点的农转居拆迁安置房小区全面实现开工建设",
     ("西兴、长河所有规划并正式落点的农转居拆迁安置房小区全面实现开工建设", None, None, "=", 2016)),
    ("到2017年全面消除垃圾河、黑臭河", ("全面消除垃圾河、黑臭河", None, None, "=", 2017)),
    ("到二〇三五年基本实现社会主义现代化", ("基本实现社会主义现代化", None, None, "=", 2035)),
    # the date inside the clause after 力争, the subject before it kept in the metric
    ("智慧城市示范应用项目力争2015年基本建成", ("智慧城市示范应用项目基本建成", None, None, "=", 2015)),
    # deliverables with a deadline
    ("试点地区要于2018年12月底前报送国务院办公厅备案", ("试点地区报送国务院办公厅备案", None, None, "=", 2018)),
    # end states named by what is reached: complete, sufficient, a level, a stage, a batch
    ("到2025年，农机装备品类基本齐全。", ("农机装备品类基本齐全", None, None, "=", 2025)),
    ("到2025年，产品质量可靠性达到国际先进水平。", ("产品质量可靠性达到国际先进水平", None, None, "=", 2025)),
    ("到2025年，农业机械化进入全程全面高质高效发展时期。",
     ("农业机械化进入全程全面高质高效发展时期", None, None, "=", 2025)),
    ("到2020年，非法转移倾倒固体废物事件零发生。", ("非法转移倾倒固体废物事件零发生", None, None, "=", 2020)),
    ("到2022年，打造一批优秀职业教育培训评价组织。", ("打造一批优秀职业教育培训评价组织", None, None, "=", 2022)),
    # 零部件 is not a figure (零 部): the clause is still a milestone
    ("到2025年，重点农机产品和关键零部件实现协同发展。",
     ("重点农机产品和关键零部件实现协同发展", None, None, "=", 2025)),
    # a date that closes a clause of its own after a short subject dates the clauses that follow
    ("试点地区要于2019年12月底前，对试点情况进行总结，形成总结报告并报送国务院办公厅。",
     ("形成总结报告并报送国务院办公厅", None, None, "=", 2019)),
]


@pytest.mark.parametrize(("text", "expected"), [
    # work that starts at a date is committed to from then, whatever its verb
    ("从2019年起，对培训评价组织行为和职业院校培训质量进行监测和评估。",
     [("对培训评价组织行为和职业院校培训质量进行监测和评估", 2019)]),
    ("相关专业教师公开招聘，2020年起基本不再从应届毕业生中招聘。", [("基本不再从应届毕业生中招聘", 2020)]),
    ("出口退税负担机制，自2015年起增量部分由中央财政全额负担。", [("增量部分由中央财政全额负担", 2015)]),
    ("从2019年开始，探索建立职业教育个人学习账号，实现学习成果可追溯。",   # starting is the commitment
     [("探索建立职业教育个人学习账号", 2019), ("实现学习成果可追溯", 2019)]),
    # … not a means that opens the sentence, nor a date that qualifies a noun
    ("自2019年开始，围绕现代农业、先进制造业，推动职业院校开展职业培训。", []),
    ("从2015年开始的改革取得成效。", []),
])
def test_targets_milestones_from_a_starting_year(text: str, expected: list) -> None:
    assert [(t.metric, t.year) for t in extract_targets(text)] == expected


def test_targets_milestone_after_a_span_of_years_and_deliverables() -> None:
    got = [(t.metric, t.year) for t in extract_targets(
        "经过5—10年左右时间，职业教育基本完成格局转变。", plan_start_year=2019)]
    assert got == [("职业教育基本完成格局转变", 2028)]   # the span's longer end, from the first year
    got = [(t.metric, t.year) for t in extract_targets(
        "2020年4月底前组织对试点工作进行验收总结，提出在全国推广试点成果的意见。")]
    assert got == [("组织对试点工作进行验收总结", 2020), ("提出在全国推广试点成果的意见", 2020)]


def test_targets_milestone_within_years_of_the_plan_start() -> None:
    (t,) = extract_targets("争取三年内实现政府性融资担保业务市级全覆盖", plan_start_year=2019)
    assert (t.metric, t.year, t.kind) == ("实现政府性融资担保业务市级全覆盖", 2021, "milestone")
    assert t.raw.startswith("争取三年内")


def test_targets_milestones_dated_by_the_paragraph_opening() -> None:
    text = "到2020年，乡村振兴取得重要进展。现行标准下农村贫困人口实现脱贫，贫困县全部摘帽。"
    got = [(t.metric, t.year) for t in extract_targets(text)]
    assert got == [("现行标准下农村贫困人口实现脱贫", 2020), ("贫困县全部摘帽", 2020)]


def test_targets_a_bare_year_continues_a_dated_sequence() -> None:
    got = [(t.metric, t.year) for t in extract_targets("示范项目力争2015年基本建成，2016年全面运营")]
    assert got == [("示范项目基本建成", 2015), ("全面运营", 2016)]


@pytest.mark.parametrize(("text", "expected"), MILESTONES)
def test_targets_milestones(text: str, expected: tuple) -> None:
    (t,) = extract_targets(text)
    assert (t.metric, t.value, t.unit, t.comparator, t.year) == expected
    assert t.kind == "milestone"


@pytest.mark.parametrize("text", [
    "为“十三五”末期即2020年全面建成世界一流高科技园区奠定基础",   # no deadline wording
    "明确至2020年全面建成小康社会的目标任务",                       # the date sits in a noun phrase
    "2016年全面运营",                                               # a bare year is not a deadline
    "到2025年，农机使用效率显著提升。",                             # a direction, not an end state
    "创建一批示范县",                                               # undated
    "今年要加快居住证制度全覆盖",                                   # a direction (加快…)
    "到2023年，培育具有行业影响力的解决方案供应商",                 # 解决方案 is a noun
    "到2025年，民生福祉达到新水平",                                 # a degree (新水平, 更加…)
    "到2025年，实现更加充分更高质量就业",
    "到2025年，脱贫攻坚成果巩固拓展",                               # 脱贫攻坚 is a noun
    "今后五年经济社会发展要努力实现以下主要目标",                   # a lead-in to a list
    "今年是全面建成小康社会、实现第一个百年奋斗目标的关键之年",     # a copula, not a commitment
    "今年要确保经济运行在合理区间",                                 # a range kept, not a state reached
    "今年在全国推开工程建设项目审批制度改革",                       # 推开工程 is not 开工
    "今年的目标也同全面建成小康社会要求相衔接",                     # the end state is an object
])
def test_targets_milestones_stay_conservative(text: str) -> None:
    assert extract_targets(text) == []


# ---- spans and records -------------------------------------------------------------------
def test_targets_spans_point_into_the_text() -> None:
    text = "力争三年内,累计新引进世界500强项目10个,中国民营企业500强项目20个,实际利用外资25亿美元。"
    found = extract_targets(text, plan_end_year=2017)
    assert [t.raw for t in found] == ["累计新引进世界500强项目10个", "中国民营企业500强项目20个", "实际利用外资25亿美元"]
    assert all(text[t.start:t.end] == t.raw for t in found)
    assert [t.metric for t in found] == ["新引进世界500强项目", "新引进中国民营企业500强项目", "实际利用外资"]


def test_targets_accept_full_width_digits_and_punctuation() -> None:
    ascii_rows = _rows("创业启动类项目不少于500个,落地率70%以上")
    wide = "创业启动类项目不少于５００个，落地率７０％以上"
    assert _rows(wide) == ascii_rows
    assert [t.raw for t in extract_targets(wide)] == ["创业启动类项目不少于５００个", "落地率７０％以上"]


def test_targets_span_equality_ignores_offsets() -> None:
    a = TargetSpan("m", 1.0, "个", "=", None, None, "absolute", "m1个", 0, 3)
    b = TargetSpan("m", 1.0, "个", "=", None, None, "absolute", "m1个", 10, 13)
    assert a == b


def test_targets_empty_text() -> None:
    assert extract_targets("") == [] and check_breakdowns("") == []


# ---- breakdowns --------------------------------------------------------------------------
def test_targets_breakdown_larger_than_total_is_reported() -> None:
    text = "新增孵化器20家,其中,国家级孵化器5家,省级孵化器10家,市级孵化器15家"
    (warning,) = check_breakdowns(text)
    assert "20" in warning and "30" in warning and "5+10+15" in warning
    assert text in warning


@pytest.mark.parametrize("text", [
    "新增孵化器30家,其中,国家级孵化器5家,省级孵化器10家,市级孵化器15家",       # parts sum to the total
    "新增孵化器20家,其中,国家级孵化器5家,省级孵化器10家",                         # a partial listing
    "新增专利授权1万件,其中发明专利不少于6千件,新增国际标准10件,国家标准50件",    # a new list starts
    "新引育高层次人才2300多人、其中引进顶尖人才41人，新增高技能人才39万人",        # another verb, not a part
    "新增孵化器20家,国家级孵化器5家,省级孵化器10家,市级孵化器15家",               # no 其中: not parts
])
def test_targets_consistent_or_unrelated_breakdowns_are_quiet(text: str) -> None:
    assert check_breakdowns(text) == []


# ---- the seed plan and the corpus --------------------------------------------------------
def _seed_text(seed_path) -> str:
    from ingest.clean import clean_text

    return clean_text(seed_path.read_text(encoding="utf-8"))


def test_targets_seed_plan(seed_path) -> None:
    text = _seed_text(seed_path)
    found = extract_targets(text, plan_start_year=2015, plan_end_year=2017)
    by_raw = {t.raw: t for t in found}
    assert by_raw["力争2017年实现地区生产总值突破千亿元"].value == 1e11
    assert by_raw["孵化面积不少于200万方"].unit == "平方米"
    assert by_raw["三年引进人才总量不少于8万名"].year == 2017
    assert by_raw["国家标准50件"].metric == "新增国家标准"
    # names and background numbers: 世界500强, “5050计划”, “59236”计划, 历时25年, 22家园区, 超百亿元 threshold
    values = {t.value for t in found}
    assert not values & {5050.0, 59236.0, 22.0, 1e10}
    assert not any(t.value == 500 and "500强" in t.raw for t in found)
    assert not any(t.value == 25 and t.unit != "美元" for t in found)
    assert by_raw["即到2017年实现超百亿元企业5家"].metric == "超百亿元企业"
    assert all(text[t.start:t.end] == t.raw for t in found)
    assert len(found) >= 50
    (warning,) = check_breakdowns(text)
    assert "20家" in warning and "30家" in warning




def test_targets_gov_work_report_goals(shared_corpus) -> None:
    from ingest.clean import clean_text

    text = clean_text((shared_corpus / "gov-work-report-2024.txt").read_text(encoding="utf-8"))
    goals = next(p for p in text.split("\n") if p.startswith("今年发展主要预期目标"))
    rows = _rows(goals, plan_start_year=2024, plan_end_year=2024)
    assert ("国内生产总值增长", 5.0, "%", "~", 2024, None, "relative") in rows
    assert ("城镇新增就业", 1.2e7, "人", ">=", 2024, None, "absolute") in rows
    assert ("城镇调查失业率", 5.5, "%", "~", 2024, None, "share") in rows
    assert ("粮食产量", 1.3e12, "斤", ">=", 2024, None, "absolute") in rows


def test_targets_corpus_never_fails_and_spans_hold(shared_corpus) -> None:
    from ingest.clean import clean_text

    for path in sorted(shared_corpus.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        for t in extract_targets(text, plan_start_year=2020, plan_end_year=2022):
            assert text[t.start:t.end] == t.raw, path.name
            assert t.comparator in (">=", ">", "=", "~", "<=", "<")
            assert t.kind in ("absolute", "relative", "share", "milestone")
        check_breakdowns(text)


# ---- invariants --------------------------------------------------------------------------
_ALPHABET = st.sampled_from(list("0123456789.,-%％，。；：（）()、一二两三四五六七八九十百千万亿〇年月底前内"
                                 "力争到至比在基础上翻番以上左右不少于超过达到新增家个件名人元美亿方其中“”《》*G")
                            + ["新增", "孵化器", "2017年", "三年内", "其中，", "不少于", "以上", "翻一番", "比2014年"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_ALPHABET, max_size=40).map("".join)))
def test_targets_never_raise_and_spans_match(text: str) -> None:
    for t in extract_targets(text, plan_start_year=2015, plan_end_year=2017):
        assert 0 <= t.start <= t.end <= len(text)
        assert text[t.start:t.end] == t.raw
    assert isinstance(check_breakdowns(text), list)


@pytest.mark.parametrize("text, period", [
    ("过去五年，国内生产总值年均增长6.5%。", (2020, 2024)),
    ("三年来，城镇新增就业3600万人。", (2022, 2024)),      # 三年来 spans three years, not five
    ("过去三年，粮食产量年均增长1%。", (2022, 2024)),
])
def test_targets_outcome_period_from_its_span_words(text, period):
    (o,) = extract_targets(text, plan_start_year=2025, plan_end_year=2025, past=True)
    assert (o.year, o.period) == (None, period)


def test_targets_a_result_without_measure_word_keeps_a_clean_metric() -> None:
    (t,) = extract_targets("我国60岁以上人口已达2.5亿，")
    assert (t.metric, t.value, t.unit) == ("我国60岁以上人口", 2.5e8, None)


def test_targets_milestones_joined_by_a_pause_are_one_each() -> None:
    text = "到2020年，固体废物贮存处置总量趋零增长、主要农业废弃物全量利用、生活垃圾资源化水平全面提升。"
    assert [(t.metric, t.year) for t in extract_targets(text)] == [
        ("固体废物贮存处置总量趋零增长", 2020), ("主要农业废弃物全量利用", 2020)]  # 全面提升 is a direction


@pytest.mark.parametrize(("text", "expected"), [
    # a work report's sentence that names 今年 dates its end states
    ("今年政府工作的总体要求是：坚持稳中求进，高质量完成“十四五”规划目标任务。",
     [("高质量完成“十四五”规划目标任务", 2025)]),
    # … but not a degree (解决得更好), a subject of another predicate, a goal the next clause says
    # how to reach, or a purpose (为实现A、建成B作出贡献)
    ("今年我们一定努力把群众身边的大事小情解决得更好。", []),
    # a paragraph that opens with 今年 dates its later sentences' end states
    ("今年工作的总体要求是：坚持稳中求进。扩大内需；高质量完成“十四五”规划目标任务。",
     [("高质量完成“十四五”规划目标任务", 2025)]),
    ("今年湖北发展进入整体提升的关键时期。", []),        # a description, not an end state
    ("2025年是收官之年。经济运行存在不少困难和挑战。", []),  # 经济运行 is a noun
    # a paragraph that opens with the report's own year (2025年是…) dates it like 今年
    ("2025年是“十四五”规划收官之年。要培育一批世界级的技术和品牌。",
     [("培育一批世界级的技术和品牌", 2025)]),
    # a date that is a clause of its own dates what follows; its span reaches the first end state
    ("2021年3月底前，试点城市政府对试点情况进行评估总结，形成总结报告报送生态环境部。",
     [("形成总结报告报送生态环境部", 2021)]),
    ("2019年上半年，试点城市政府印发实施方案。", [("试点城市政府印发实施方案", 2019)]),
    ("今年要确保“十四五”规划圆满收官。", [("“十四五”规划圆满收官", 2025)]),
    # a date after 将于 is the time of the whole sentence: 将于…前做A，做B
    ("国务院办公厅将于2020年4月底前组织验收总结，提出在全国推广试点成果的意见。",
     [("国务院办公厅组织验收总结", 2020), ("提出在全国推广试点成果的意见", 2020)]),
    ("今年要积极融入和服务构建新发展格局。", []),         # a direction
    ("今年要探索建立综合管理制度和技术体系。", []),       # exploring is a direction
    ("到2025年，产品和技术供给基本满足需要。", [("产品和技术供给基本满足需要", 2025)]),
    # a paragraph led by a run-in heading (（三）发展目标。到2025年，…) dates its later sentences
    ("（三）发展目标。到2025年，产业规模扩大。培育一批体育竞赛表演企业。",
     [("培育一批体育竞赛表演企业", 2025)]),
    ("今年这一目标通过努力是能够实现的。", []),            # an assessment, not a commitment
    ("今年要扩大供给，满足群众多层次、多样化需求。", []),     # a purpose (基本满足 is a state)
    ("今年完成全年发展目标面临诸多挑战。", []),
    ("实现全年目标任务，要重点把握以下几个方面。今年要聚焦主线。", []),
    ("今年要努力完成目标任务，为实现奋斗目标、建成现代化国家作出新的更大贡献！",
     [("努力完成目标任务", 2025)]),
])
def test_targets_milestones_dated_by_this_year(text: str, expected: list) -> None:
    got = [(t.metric, t.year) for t in extract_targets(text, plan_start_year=2025, plan_end_year=2025)]
    assert got == expected


def test_targets_a_record_is_a_fact_of_its_year_and_an_explanation_is_nothing() -> None:
    (t,) = extract_targets("今年高校毕业生749万人，为历史最高。", plan_start_year=2015, plan_end_year=2015)
    assert (t.metric, t.value, t.past, t.year) == ("高校毕业生", 7.49e6, True, 2015)
    assert extract_targets("经济增长预期7%左右，考虑了需要和可能。", plan_start_year=2015) == []
