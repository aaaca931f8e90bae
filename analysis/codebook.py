"""The policy-instrument codebook (DESIGN.md section 9) as data: instruments and the wording rules
that show one applied.

Each :class:`Instrument` has its contract id, its type (``supply``, ``environment``, ``demand``),
its Chinese name and its :class:`Rule`\\ s. A rule is a named regular expression over one
sentence of a unit, with the sentences it must code (``examples``) and the ones it must not
(``counter_examples``); ``tests/test_instruments.py`` runs every one of them through the coder.
A rule does not fire where its ``unless`` pattern is found in the clause of the match (the
wording shows the tool is regulated, refused or only named) or its ``unless_sentence`` in the
sentence, nor without its ``requires`` in the sentence, nor inside a :data:`BACKGROUND` phrase
(the tool as a purpose: 为…提供资金保障; a body's name: 省人力资源社会保障厅). A rule with
``alone=True`` codes a unit only when no other rule codes it (鼓励/引导 with no other tool is
``strategic``).

A sub-instrument is one more :class:`Instrument` entry with ``parent`` set to a contract id: its
codes count as the parent's, and say which sub-instrument fired.

>>> [i.id for i in INSTRUMENTS if i.parent is None][:5]
['talent', 'funding', 'technology', 'infrastructure', 'public_service']
>>> instrument("first_set").parent, instrument("first_set").type
('demonstration', 'demand')
>>> rule("procurement-government").instrument
'procurement'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Instrument", "Rule", "INSTRUMENTS", "BACKGROUND", "TYPES", "CONTRACT_IDS",
           "instrument", "rule", "rules", "check"]

TYPES = ("supply", "environment", "demand")
TYPE_ZH = {"supply": "供给型", "environment": "环境型", "demand": "需求型"}


@dataclass(frozen=True)
class Rule:
    """A named wording that shows an instrument applied in a sentence."""

    name: str
    pattern: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()
    #: searched in the clause (text between commas) holding the match: found, the rule is silent
    unless: str | None = None
    #: the same, searched in the whole sentence
    unless_sentence: str | None = None
    #: the sentence must also have this for the rule to fire
    requires: str | None = None
    #: codes a sentence only when no other rule codes it
    alone: bool = False
    #: what the rule reads as the tool (shown by ``explain``)
    note: str = ""
    #: the instrument it codes (filled in by :class:`Instrument`)
    instrument: str = ""

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)

    @property
    def unless_regex(self) -> re.Pattern[str] | None:
        return _compile(self.unless) if self.unless else None

    @property
    def unless_sentence_regex(self) -> re.Pattern[str] | None:
        return _compile(self.unless_sentence) if self.unless_sentence else None

    @property
    def requires_regex(self) -> re.Pattern[str] | None:
        return _compile(self.requires) if self.requires else None


@lru_cache(maxsize=None)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Instrument:
    """A policy instrument of the codebook (or a sub-instrument of one, with ``parent``)."""

    id: str
    type: str
    zh: str
    rules: tuple[Rule, ...] = field(default=())
    parent: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", tuple(
            r if r.instrument == self.id else Rule(**{**r.__dict__, "instrument": self.id})
            for r in self.rules))

    @property
    def code_id(self) -> str:
        """The contract id its codes count for (its parent's for a sub-instrument)."""
        return self.parent or self.id


_C = r"[^，,。；;：:！？]"      # one character inside a clause
_S = r"[^。；;！？]"           # one character inside a sentence
#: physical things built (infrastructure)
_INFRA = (r"(?:网络|外网|设施|基站|管网|管廊|道路|公路|铁路|机场|枢纽|港口?|(?<!示范)园区?|产业园|"
          r"(?<!实训|孵化|示范|创新|研发|中试|熟化)基地|数据中心|大?数据库|信息系统|场馆|学校|中学|校区|医院|"
          r"医疗中心|医学中心|幼儿园|住房|保障房|电网|水厂|电站|路灯|安防|小镇|站点|通道|停车场|厂房|农田|场所|"
          r"询问室|听证室|新城|街区|地标)")

# ---- supply ---------------------------------------------------------------------------------

TALENT = Instrument("talent", "supply", "人才培养", (
    Rule("talent-cultivate",
         rf"(?:培养|培育|引进|引育|集聚|吸引|招引|储备|选拔|遴选|招聘|引才){_C}{{0,14}}?"
         r"(?:人才|专家|团队|工匠|骨干|带头人|研究生|毕业生|科研人员|技术人员|蓝领)|引才|引智",
         ("着力引进一批高层次人才和创新团队", "培养一批懂技术、会管理的乡村工匠", "支持企业柔性引才"),
         ("人才是第一资源", "为全区发展提供坚实人才支撑"),
         unless=r"人才(?:市场|服务机构)",
         note="people are trained, brought in or recruited"),
    Rule("talent-training",
         r"(?:职业|技能|岗前|专业技术人才|干部|业务|学历)?培训(?!机构)|技能提升|技能比赛|实训|研修|轮训|继续教育|学徒制",
         ("开展职业技能培训", "组织执法人员轮训", "建设一批实训基地"),
         ("加强对培训机构的监管",),
         note="training courses, skills contests, apprenticeships"),
    Rule("talent-team",
         r"人才队伍|队伍建设|人才(?:计划|工程|政策|特区|引进|培养|驿站|公寓)|三支一扶|"
         rf"(?:选派|派驻|下派){_C}{{0,8}}(?:干部|第一书记|工作队|专家|科技特派员)|科技特派员",
         ("加强乡村教师队伍建设", "选派优秀干部担任驻村第一书记", "实施高层次人才计划"),
         ("人才是第一资源",),
         note="building a corps of people: teams, talent programmes, dispatched cadres"),
    Rule("talent-education",
         rf"(?:学科|专业|课程)(?:建设|设置)|名师|(?:干部|人才|教师|医生|工匠){_C}{{0,4}}培养|"
         rf"(?:医生|教师|干部|工匠|人才|学者){_C}{{0,2}}(?:计划|工程)",
         ("强化重点学科建设和专业课程设置", "加强年轻干部培养", "实施特岗教师计划"),
         ("人才是第一资源",),
         note="education of the people a sector needs: disciplines, courses, programmes named for a profession"),
))

FUNDING = Instrument("funding", "supply", "资金投入", (
    Rule("funding-public-money",
         r"财政(?:资金|投入|支出|预算|科技投入|专项)|专项资金|预算内|(?:产业|发展|引导|补助|工作|扶持)资金|"
         rf"(?:加大|增加|保障|统筹|整合|安排|落实){_C}{{0,8}}(?:资金|经费|投入)|经费(?:保障|投入|支持)|"
         rf"纳入{_C}{{0,6}}预算|资金(?:支持|扶持|投入)|政府资金|科研经费",
         ("设立专项资金支持企业技术改造", "将工作经费纳入同级财政预算", "加大财政科技投入"),
         ("为企业发展提供资金保障", "加强资金使用监督审计", "引导企业增加研发投入"),
         unless=r"融资|贷款|信贷|社会资本|民间资本|企业[^，。]{0,4}(?:增加|加大)|多元投入",
         note="public money: budgets, special funds, money set aside for the work"),
    Rule("funding-fund",
         rf"(?:设立|设置|组建|发起|用好|发挥|成立|扩大){_C}{{0,12}}?基金|(?:引导|产业|创投|投资|发展|天使)基金",
         ("设立数字经济产业引导基金", "发挥政府产业基金作用"),
         ("扩大城乡居民基本医疗保险基金支付范围",),
         unless=r"保险基金|公积金|社保基金|医保基金",
         note="a government fund (guidance, industry or venture fund)"),
    Rule("funding-award",
         rf"(?:给予|予以|奖励|资助|奖补|补助|支持){_C}{{0,24}}?\d+(?:\.\d+)?\s*万元|一次性(?:奖励|资助|补助)|"
         rf"资助|奖补|以奖代补|后补助|配套资助|奖励资金|给予{_C}{{0,8}}补贴",
         ("对新认定的企业给予50万元一次性奖励", "按实际投入的30%给予资助", "实行以奖代补",
          "按开放服务合同额的20%给予拥有单位补贴"),
         ("符合条件的按规定给予支持", "对获评的集体和个人给予表彰奖励",
          "对企业购买诊断服务的，按服务费用的50%给予资助，最高10万元", "对贷款给予贴息，最高资助100万元",
          "对金融机构的创新项目给予一次性奖励"),
         unless=r"贴息|保费|保险费|投保|消费|以旧换新|购置|购买|首购|表彰|税",
         unless_sentence=r"贴息|金融机构|(?:购买|购置|受让|吸纳|租用|使用)[^。；]*(?:费用|金额|交易额|服务费|价款)",
         note="grants and awards of money to firms, institutions or people (not tied to what they buy)"),
    Rule("funding-compensation",
         r"生态(?:保护)?补偿|休牧补偿|禁牧补助|稳岗返还|就业补贴|一次性吸纳就业补贴",
         ("完善生态补偿机制", "落实失业保险稳岗返还政策"),
         ("对消费者给予购车补贴",),
         note="payments to producers, regions or employers for doing work (eco-compensation, job-keeping)"),
))

TECHNOLOGY = Instrument("technology", "supply", "科技信息支持", (
    Rule("technology-rd",
         r"研发(?!投入强度|费用|机构|人员|经费|人才)|研究开发|技术攻关|攻关|关键(?:核心|共性)?技术|核心技术|基础研究|"
         r"应用研究|理论研究|揭榜挂帅|成果转化|技术转移|产学研|中试|科技计划|科研(?!人员|经费|机构|院所|工作站|流动)|技术改造|"
         r"技术创新|专利",
         ("支持企业开展研发", "集中力量突破关键核心技术", "促进科技成果转化", "支持区块链基础理论研究"),
         ("研发投入强度达到2.5%", "全面落实研发费用加计扣除政策", "大力招引世界知名研发机构",
          "形成一批具有自主知识产权和核心技术的企业"),
         unless=r"加计扣除|具有|拥有|招商|招引|专项资金|国际化",
         note="research, development and the transfer of technology"),
    Rule("technology-platform",
         r"实验室|工程(?:技术)?研究中心|(?:企业)?技术(?:创新)?中心|创新中心|研究院|研发(?:中心|平台|机构)|"
         r"创新平台|新型研发机构|中试基地|技术平台|设计中心|公共技术服务平台",
         ("建设省级重点实验室", "支持企业建设技术创新中心"),
         ("发展壮大现代服务业", "大力招引世界知名研发机构"),
         unless=r"招商|招引",
         note="research facilities and platforms (labs, technology centres, institutes)"),
    Rule("technology-sharing",
         rf"数据(?:开放|共享)|(?:信息|资源|数据)共享|开放共享|共享平台|科技资源|大型(?:科研)?仪器|科技信息|信息发布|"
         rf"(?:数据|信息){_C}{{0,10}}(?:共享|开放)|共享{_C}{{0,16}}数据",
         ("推进政务数据开放共享", "推动大型科研仪器开放共享", "强化数据搜集、发布和共享"),
         ("建立岗位信息共享机制", "实现人才资源共享"),
         unless=r"岗位|人才",
         note="information and research resources opened or shared"),
))

INFRASTRUCTURE = Instrument("infrastructure", "supply", "基础设施建设", (
    Rule("infrastructure-build",
         rf"(?:建设|建成|新建|改造|扩建|改扩建|完善|布局|打造|升级|铺设|修建|配套|连通|发展){_C}{{0,14}}?{_INFRA}|"
         rf"{_INFRA}{_C}{{0,14}}?(?:建设|改造|工程|全面覆盖)",
         ("加快建设5G基站和千兆光纤网络", "新建改扩建一批学校", "打造特色产业园区", "推进城市地下管网建设",
          "新建和改造高标准农田20万亩", "建设太赫兹产业基地"),
         ("完善服务网络体系建设的政策", "建设省级创新基地"),
         unless=r"服务网络|销售网络|营销网络|政策|话语权|用地|规划|机制|智能辅助",
         note="physical networks, facilities, parks, buildings"),
    Rule("infrastructure-words",
         r"基础设施|新基建|算力中心|保障房|安置房|人才公寓|海绵城市|陆地港|(?:信息|通信|宽带|光纤)网络",
         ("完善农村基础设施", "筹集各类人才保障房"),
         ("发展交通运输服务业的税收政策", "开放科研基础设施和大型仪器", "保障基础设施等用地需求"),
         unless=r"服务业|税|科研基础设施|用地|价格|购置",
         note="named kinds of infrastructure"),
))

PUBLIC_SERVICE = Instrument("public_service", "supply", "公共服务", (
    Rule("public-service-system",
         r"服务体系|培育体系|公共服务(?!局)|政务服务(?!网|窗口|管理)|便民服务|一网通办|一站式|咨询(?:服务|诊断)|"
         r"服务(?:平台|中心|站)|就业服务|创业服务|创业孵化|孵化(?:体系|服务)|代办|帮办|职业(?:指导|介绍)|法律援助|"
         r"(?:开展|提供){1}[^，。]{0,6}服务",
         ("完善中小企业公共服务体系", "推行政务服务一网通办", "建设创业孵化基地", "赴县域开展服务"),
         ("发展现代服务业", "依托企业服务平台征集需求", "在政务服务网公示"),
         unless=r"服务业|服务外包|依托|通过|公示|技术服务平台|信息服务平台|服务商",
         note="services offered to firms or people (government, advice, incubation, employment)"),
    Rule("public-service-matchmaking",
         r"(?:供需|产需|银企|产销|校企|用工|岗位|项目)对接|对接(?:会|活动|渠道|平台)|洽谈|撮合",
         ("定期举办银企对接会", "组织用工对接活动"),
         ("加强与国家战略对接",),
         note="matchmaking the government organises (DESIGN §9: public_service)"),
    Rule("public-service-social",
         r"社会保障|社会救助|社会保险|养老保险|医疗保险|失业保险|低保|兜底|养老服务|公益性?岗位|"
         r"基本医疗|医疗(?:卫生)?服务|公共卫生|诊疗|教育资源|托育|救助|慰问|惠民|文化服务|子女入学|公共保障服务",
         ("落实城乡居民养老保险代缴政策", "开发一批公益性岗位"),
         ("保险机构开发科技保险产品",),
         unless=r"科技保险|首台|保费补贴",
         note="social protection and welfare services"),
))

# ---- environment ----------------------------------------------------------------------------

GOAL_PLANNING = Instrument("goal_planning", "environment", "目标规划", (
    Rule("goal-plan-commission",
         rf"(?:制定|编制|出台|研究制定|制订|印发|修订|修编|建立|细化){_C}{{0,26}}?"
         r"(?:规划|行动计划|实施方案|工作方案|方案|路线图|时间表|任务书|目录|项目库|工作计划|推进计划|实施计划)|"
         rf"(?:确定|明确|设定){_C}{{0,10}}目标",
         ("编制全区产业发展规划", "研究制定年度工作推进计划", "制定时间表和路线图", "建立重点产业链项目库",
          "确定输出规模和输出质量目标"),
         ("按照规划要求推进建设", "制定首台套产品推广应用目录"),
         unless=r"首台|首批次|首版次",
         note="the unit sets or commissions a plan, a catalogue, a road map"),
    Rule("goal-aggregate-target",
         r"(?:产业规模|主营(?:业务)?收入|营业收入|总产值|产值|增加值|生产总值|总收入|总量|产量|[\u4e00-\u9fff]{1,6}率|"
         rf"比重|占比|新增就业|研发投入){_C}{{0,14}}?(?:达到|达(?!标)|突破|超过|超|增长|提高到|提升到|稳定在|保持在|力争|"
         rf"增幅不低于|不低于){_C}{{0,10}}?\d+(?:\.\d+)?(?:%|[万亿千百]?[元人台家吨斤个])(?![^，。；]{{0,4}}的)|"
         rf"新增就业{_C}{{0,4}}\d",
         ("到2025年产业规模达到500亿元", "城镇化率提高到60%", "2027年软件业营业收入突破100亿元",
          "城镇新增就业5万人", "研发投入年均增幅不低于20%", "全文公示率2020年底前达到90%"),
         ("培养100名高技能人才", "5年内引进200名专家", "支持主营业务收入超10亿元的骨干企业"),
         note="a dated target on an aggregate indicator of the jurisdiction or sector"),
    Rule("goal-planning-words",
         r"统筹规划|科学规划|规划布局|发展目标|多规合一|规划引领",
         ("统筹规划产业空间布局",),
         ("落实规划确定的任务",),
         note="planning wording"),
))

FINANCE = Instrument("finance", "environment", "金融支持", (
    Rule("finance-credit",
         r"信贷|贷款|担保|融资(?!难|贵)|债券|发债|贴息|风险补偿|授信|续贷|转贷|供应链金融|"
         r"金融(?:服务|产品|机构|支持|创新)|股权投资|创业投资|风险投资|天使投资|保险(?!基金)|保费",
         ("扩大小微企业信贷投放", "对贷款给予贴息", "发展科技保险和融资担保"),
         ("解决融资难、融资贵问题", "参加城乡居民基本养老保险", "依法参加工伤保险", "建立长期护理保险制度",
          "发挥创业投资引导基金作用", "深化科技投融资体制改革"),
         unless=r"(?:养老|医疗|失业|工伤|生育|护理|社会)保险|保险制度|社保(?!卡)|医保|融资难|融资贵|基金|体制",
         note="credit, guarantees, listing, bonds, insurance"),
))

TAX = Instrument("tax", "environment", "税收优惠", (
    Rule("tax-relief",
         r"减税|免税|税收优惠|税费(?:减免|优惠|支持)|减免[^，。]{0,4}税|加计扣除|(?:\d+%)?的?税率|退税|留抵|"
         r"(?:个人|企业)所得税|减税降费|税收等?(?:政策|减免)",
         ("落实研发费用加计扣除政策", "按15%的税率征收企业所得税", "落实减税降费政策", "综合运用信贷、税收等政策"),
         ("税收收入增长5%", "加强税收征管", "对享受加计扣除政策的企业给予奖励"),
         unless=r"享受",
         note="taxes lowered or waived"),
))

REGULATION = Instrument("regulation", "environment", "法规管制", (
    Rule("regulation-rules",
         rf"(?:制定|出台|完善|修订|健全|建立|制订|规范|统一){_C}{{0,16}}?"
         r"(?:办法|标准|规范|条例|法规|规章|细则|规定|准则|制度|负面清单|权力清单|责任清单|程序|流程)",
         ("制定数据管理办法", "完善行业标准", "规范审批流程"),
         ("制定实施方案", "建立工作例会制度", "健全城乡居民养老保险制度", "建立总结评估制度"),
         unless=r"方案|规划|例会|会议|评估|考核|激励|保险",
         note="rules, standards and procedures set"),
    Rule("regulation-enforcement",
         r"监管|监督管理|(?:严格|规范|加强|联合|综合|文明|公正)执法|执法(?:检查|监督|力度|程序|行为|责任|资格|全过程)|"
         r"准入|审批|许可|整治|整顿|查处|打击|处罚|取缔|依法|法治|立法|条例|标准体系|标准制修订|贯标|"
         rf"标准{_C}{{0,10}}(?:制定|制修订|研制)|规范(?:\w{{0,4}})(?:秩序|行为)|合规|安全生产|管控|禁止|严禁|"
         rf"维护{_C}{{0,6}}权益|放管服|简政放权|欠薪|拖欠{_C}{{0,6}}工资|工资{_C}{{0,4}}(?:增长|支付)机制|"
         rf"(?:破除|清理|消除|打破){_C}{{0,10}}(?:门槛|壁垒)",
         ("加强食品安全监管", "深化放管服改革", "依法打击违法犯罪", "参与国际国内标准的研究与制定",
          "开展治理欠薪专项行动", "破除各种隐性门槛和壁垒"),
         ("依法履行政府采购程序", "推进人工智能技术在行政执法中的运用", "规范项目管理"),
         unless=r"政府采购",
         note="supervision, enforcement, entry control, the rule of law"),
))

STRATEGIC = Instrument("strategic", "environment", "策略性措施", (
    Rule("strategic-leadership",
         r"组织领导|领导小组|联席会议|协调机制|工作专班|统筹协调|牵头抓总|第一责任人|责任制|河长制|包联|包保|调度",
         ("成立工作领导小组", "建立部门联席会议制度", "落实河长制"),
         ("完善劳动者工资正常增长机制",),
         note="leadership, coordination, responsibility systems"),
    Rule("strategic-evaluation",
         r"考核|督查|督促|督导|督察|通报|问责|绩效评价|评估|目标责任",
         ("纳入年度目标考核", "开展专项督查"),
         ("完善安全检测评估服务", "启动生态状况调查评估"),
         unless=r"检测评估|资产评估|风险评估|第三方评估|调查评估|评查",
         note="evaluation, inspection and accountability of those who carry the plan out"),
    Rule("strategic-pilot",
         r"(?<!应用)试点(?!示范)|先行先试|改革试验|争创|创建|申报|命名",
         ("开展农村综合改革试点", "积极争创国家级示范区"),
         ("推进智能网联汽车试点示范",),
         note="pilots and titles sought"),
    Rule("strategic-publicity",
         r"宣传|舆论|典型|表彰|推介|博览会|展会|展览|论坛|峰会|(?:举办|召开|承办)\S{0,10}(?:大会|会议|活动|赛事)|"
         r"品牌|营造[^，。]{0,8}氛围|评比|赛事",
         ("加大宣传力度", "举办中国软件创新发展大会", "培树一批先进典型"),
         ("按有关标准执行",),
         note="publicity, fairs, brands, examples held up"),
    Rule("strategic-attraction",
         rf"招商|招引|双招双引|产业转移|(?:引进|吸引){_C}{{0,12}}?(?:企业|项目|机构|总部|高校|资本)|落户|入驻|"
         r"新迁入|迁入",
         ("大力开展产业链招商", "引进一批龙头企业落户", "对新设立或新迁入的企业给予奖励"),
         ("引进一批高层次人才", "落实人才子女入学、落户等保障"),
         unless=r"落户等|户籍|子女",
         note="investment attraction"),
    Rule("strategic-selection",
         r"遴选|评选|名单|梯度培育|专精特新|单项冠军|小巨人|瞪羚|独角兽|百强",
         ("遴选一批领军企业", "培育专精特新中小企业"),
         ("每年遴选不超过3个园区，给予最高150万元资助", "对新认定的设计中心给予奖励"),
         unless_sentence=r"万元|奖励|资助|补助",
         note="selection lists and titles"),
    Rule("strategic-alliance",
         r"联盟|战略合作|合作协议|创新联合体|(?:加强|深化)[^，。]{0,16}合作|(?:加强|深化)与[^。；]{0,30}?合作",
         ("组建产业技术创新联盟", "与骨干企业签订战略合作协议"),
         ("发展国际贸易",),
         note="alliances and cooperation agreements"),
    Rule("strategic-incentive",
         rf"激励|奖惩|向{_C}{{1,20}}倾斜",
         ("建立健全激励机制", "职称评定向基层一线倾斜"),
         ("完善税收政策",),
         note="incentives"),
    Rule("strategic-encourage",
         r"鼓励|引导",
         ("鼓励社会资本参与",),
         ("鼓励企业开展研发",),
         alone=True,
         note="鼓励/引导 with no other tool (DESIGN §9)"),
))

# ---- demand ---------------------------------------------------------------------------------

PROCUREMENT = Instrument("procurement", "demand", "政府采购", (
    Rule("procurement-government",
         r"政府采购|首购|(?<!服务)订购|优先采购|采购[^，。]{0,8}(?:创新产品|自主创新|本地产品)|政府订单",
         ("将创新产品纳入政府采购目录", "实行首购订购制度"),
         ("依法履行政府采购程序", "规范政府采购管理"),
         unless=r"程序|规范|管理|监管|违规|招投标",
         note="the government buys the product"),
))

OUTSOURCING = Instrument("outsourcing", "demand", "服务外包", (
    Rule("outsourcing-purchase",
         rf"政府购买|购买(?:公共|社会化?|专业|法律)?服务|委托{_C}{{0,10}}(?:第三方|机构|专业|社会组织|中介)|"
         r"第三方(?:评估|机构)|服务外包|外包|PPP|政府和社会资本合作|委托招商",
         ("通过政府购买服务方式引进法律顾问", "委托第三方机构开展评估", "采用PPP模式建设"),
         ("积极承接服务外包", "发展服务外包产业", "推动服务外包从ITO向BPO升级", "建设信息技术外包产业集群",
          "按企业实际购买的应用产品或服务金额的80%给予补贴"),
         unless=r"承接|产业|升级|集群|ITO|企业|实际购买",
         note="the government buys or entrusts a service"),
))

TRADE = Instrument("trade", "demand", "贸易管制", (
    Rule("trade-cross-border",
         r"进出口|出口|进口|关税|贸易便利化|外贸|跨境电商|口岸|通关|边贸|边境贸易|保税|自贸|服务贸易|离岸",
         ("推进贸易便利化", "扩大高新技术产品出口", "建设陆路口岸"),
         ("进口替代产品的研发",),
         unless=r"进口替代",
         note="foreign trade, customs and ports"),
))

DEMONSTRATION = Instrument("demonstration", "demand", "示范推广", (
    Rule("demonstration-showcase",
         r"示范(?:工程|项目|应用|推广|工厂|产线|车间|线|园区|场景)|应用示范|试点示范|推广应用|场景(?:开放|应用)|"
         r"应用场景|试用|样板|应用试点|试点应用|"
         rf"(?:推动|推进|拓展|扩大|开展|加快){_C}{{0,24}}?在{_C}{{0,30}}?(?:领域|行业|场景)的?(?:应用|推广)",
         ("开展大数据技术在工业领域应用示范", "开放一批应用场景", "建设一批示范工程",
          "推动区块链技术在金融、电子政务等领域应用", "开展智能光伏应用试点"),
         ("示范带动作用明显的发展目标", "扩大社保卡应用范围", "壮大技术创新示范企业", "建设文明乡村示范点"),
         unless=r"目标",
         note="first use or a showcase"),
))

SUBSIDY = Instrument("subsidy", "demand", "价格补贴", (
    Rule("subsidy-price",
         r"消费补贴|消费券|以旧换新|购置补贴|购车补贴|家电下乡|价格补贴|首购补偿|"
         rf"(?:购买|购置|使用|应用|消费|租用){_C}{{0,14}}?(?:补贴|补助|奖补|券)|"
         rf"(?:购买|购置|受让|吸纳|租用|使用){_S}{{0,40}}?(?:费用|金额|交易额|服务费|价款){_S}{{0,12}}?\d+(?:\.\d+)?%|"
         r"创新券|科技券|服务券",
         ("发放家电消费券", "开展汽车以旧换新", "对企业购买诊断服务的，按服务费用的50%给予补贴",
          "加大创新券实施力度", "企业吸纳技术成果的，按技术合同实际交易额给予最高10%的补助"),
         ("对企业技术改造给予补助", "按对外开放服务合同额的20%给予拥有单位补贴"),
         note="the price of buying or using is lowered"),
))

OVERSEAS = Instrument("overseas", "demand", "海外机构", (
    Rule("overseas-abroad",
         rf"境外|海外|走出去|国际合作|一带一路|国际交流|对外合作|国际产能|(?:开拓|拓展|开辟){_C}{{0,6}}国际{_C}{{0,4}}市场|"
         rf"(?:与|同){_C}{{0,10}}国家{_C}{{0,10}}合作",
         ("支持企业走出去", "积极布局一带一路沿线国家", "深化与周边国家的务实合作", "开拓国际应用市场"),
         ("引进海外高层次人才", "打造全球创新资源聚集地", "掌握在国际市场上的主导权"),
         unless=r"人才|海内外",
         note="acting abroad: markets, cooperation, institutions"),
))

# ---- sub-instruments (one entry each; their codes count as the parent's) ----------------------

FIRST_SET = Instrument("first_set", "demand", "首台套首批次首版次", (
    Rule("first-set",
         r"首台(?:（套）|\(套\)|套)?|首批次|首版次",
         ("落实首台（套）重大技术装备保险补偿", "支持首版次软件推广"),
         ("首先开展调研",),
         note="first sets, first batches and first versions brought to market"),
), parent="demonstration")

LISTING = Instrument("listing", "environment", "上市融资", (
    Rule("listing",
         r"(?:境内外?|主板|科创板|创业板|北交所|新三板|区域性股权市场)?(?:上市|挂牌)(?:培育|辅导|后备)?",
         ("支持企业在创业板上市", "实施上市后备企业培育"),
         ("新产品上市销售的宣传", "培育有上市意愿的优质中小企业"),
         unless=r"产品上市|新品上市|意愿",
         note="firms brought to the stock market"),
), parent="finance")

INSTRUMENTS: tuple[Instrument, ...] = (
    TALENT, FUNDING, TECHNOLOGY, INFRASTRUCTURE, PUBLIC_SERVICE,
    GOAL_PLANNING, FINANCE, TAX, REGULATION, STRATEGIC,
    PROCUREMENT, OUTSOURCING, TRADE, DEMONSTRATION, SUBSIDY, OVERSEAS,
    FIRST_SET, LISTING,
)

#: the contract's ids (DESIGN.md section 9) by type
CONTRACT_IDS = {
    "supply": ("talent", "funding", "technology", "infrastructure", "public_service"),
    "environment": ("goal_planning", "finance", "tax", "regulation", "strategic"),
    "demand": ("procurement", "outsourcing", "trade", "demonstration", "subsidy", "overseas"),
}

#: phrases that name a tool without applying it: a match inside one codes nothing
BACKGROUND: tuple[Rule, ...] = (
    Rule("purpose-provide",
         rf"为{_C}{{1,30}}?提供{_C}{{0,10}}?(?:保障|支撑|保证)",
         ("为产业发展提供资金保障", "为全区发展提供坚实人才支撑"),
         ("为企业提供贷款担保",),
         note="the tool as the purpose of other work (为…提供…保障/支撑)"),
    Rule("body-name",
         r"(?:人力资源(?:和)?社会保障|社会保障|金融监管|市场监督管理|市场监管|银保监|证监|国资委?监管|"
         r"政务服务管理|公共服务|就业服务|社保|人社|留学人员服务|营商环境)(?:厅|局|部门|委员会|委|办公室|办|处|分局|中心|会)|"
         r"国资委?监管企业",
         ("省人力资源社会保障厅", "雄安新区公共服务局", "省就业服务中心", "省地方金融监管局"),
         ("完善社会保障体系",),
         note="a body's name (a responsibility line, a lead) is not the tool it is named for"),
    Rule("responsibility-line",
         r"[（(](?:责任|牵头|配合|主责|实施)单位[:：][^）)]*[）)]?",
         ("（责任单位：省科技厅、省财政厅）",),
         ("由省科技厅负责",),
         note="the bodies responsible for the work"),
    Rule("occasion",
         rf"以{_C}{{1,30}}?为契机",
         ("以建设自贸区为契机",),
         ("建设自贸区",),
         note="an occasion the work seizes, not a tool it applies"),
    Rule("problem-named",
         r"(?:融资|用工|招工|就医|上学)(?:难|贵)",
         ("缓解企业融资难问题",),
         ("拓宽企业融资渠道",),
         note="a problem named, not a tool"),
    Rule("per-rules-only",
         r"按(?:照)?(?:有关|相关)?规定(?:给予|予以)(?:支持|扶持|保障)",
         ("符合条件的按规定给予支持",),
         ("按规定给予50万元奖励",),
         note="support promised with no tool named (按规定给予支持)"),
)


@lru_cache(maxsize=None)
def _by_id() -> dict[str, Instrument]:
    return {i.id: i for i in INSTRUMENTS}


def instrument(instrument_id: str) -> Instrument:
    """The codebook entry of an id (a contract id or a sub-instrument's)."""
    return _by_id()[instrument_id]


def rules() -> tuple[Rule, ...]:
    """Every coding rule, in codebook order."""
    return tuple(r for i in INSTRUMENTS for r in i.rules)


@lru_cache(maxsize=None)
def _rules_by_name() -> dict[str, Rule]:
    return {r.name: r for r in (*rules(), *BACKGROUND)}


def rule(name: str) -> Rule:
    """A rule (or a background phrase) by name."""
    return _rules_by_name()[name]


def check() -> list[str]:
    """What is wrong with the codebook (empty when nothing): every contract id present with its
    type, unique ids and rule names, parents that exist, patterns that compile, examples given.

    >>> check()
    []
    """
    problems: list[str] = []
    ids = [i.id for i in INSTRUMENTS]
    if len(set(ids)) != len(ids):
        problems.append("duplicate instrument ids")
    by_id = {i.id: i for i in INSTRUMENTS}
    for type_, contract in CONTRACT_IDS.items():
        for cid in contract:
            if cid not in by_id or by_id[cid].type != type_ or by_id[cid].parent:
                problems.append(f"contract id {cid} ({type_}) missing or mistyped")
    names = [r.name for r in (*rules(), *BACKGROUND)]
    if len(set(names)) != len(names):
        problems.append("duplicate rule names")
    for i in INSTRUMENTS:
        if i.type not in TYPES:
            problems.append(f"{i.id}: unknown type {i.type}")
        if i.parent and (i.parent not in by_id or by_id[i.parent].type != i.type):
            problems.append(f"{i.id}: parent {i.parent} missing or of another type")
        if not i.rules:
            problems.append(f"{i.id}: no rules")
        for r in i.rules:
            if not r.examples:
                problems.append(f"{r.name}: no examples")
            for p in (r.pattern, r.unless):
                try:
                    if p:
                        re.compile(p)
                except re.error as e:
                    problems.append(f"{r.name}: {e}")
    return problems
