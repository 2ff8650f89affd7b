"""The kg: vocabulary, generated from ontology/kg.ttl by scripts/make_vocab.py. Do not edit by hand."""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """Every term of the zhgov-kg ontology; a misspelt term raises instead of minting a stray IRI."""

    _NS = Namespace("https://w3id.org/zhgov-kg/ontology#")
    _fail = True

    About: URIRef  # The quantity is about the value: 约, 大约, 左右, 上下.
    AdministrativeUnit: URIRef  # A unit of the Chinese administrative hierarchy, from province down to urban community and village, as listed in the National Bureau of Statistics division codes (统计用区划代码).
    Approximation: URIRef  # How the value of a qualified figure relates to the quantity the text reports: more than it (30余人, 80%以上, 超过1万人), less than it (不到10户, 近千人), or about it (约200人, 30人左右). A figure without a kg:approximation is stated exactly.
    Article: URIRef  # A news article that the graph was built from, which is also the NIF context holding its cleaned text.
    City: URIRef  # A prefecture-level unit: a prefecture-level city (地级市), autonomous prefecture (自治州), prefecture (地区) or league (盟).
    Community: URIRef  # A village-level urban community (社区) and its residents' committee (居委会).
    District: URIRef  # A county-level unit: an urban district (区), county (县), county-level city (县级市) or banner (旗), including their autonomous forms.
    Entity: URIRef  # Anything named in an article and extracted from it, with at least one kg:Mention whose itsrdf:taIdentRef points at it; an administrative unit known only from the official register has no mention and is prov:wasDerivedFrom the register instead.
    Initiative: URIRef  # A named programme, campaign, working model, system, base, brand or facility launched or run by a unit or organisation (for example a “…工作模式” working model or an “…工程” programme).
    LessThan: URIRef  # The quantity is less than, or nearly, the value: 不到, 不足, 以下, 近, 将近.
    Mention: URIRef  # A place in an article's text that names an entity or states a figure, given by character offsets into the article's nif:isString, with its anchor text and sentence.
    MoreThan: URIRef  # The quantity is more than the value: 余, 多, 以上, 超过, 逾, 上千, 数千.
    Organization: URIRef  # A named organisation such as a committee, government office, party branch or newspaper, other than an administrative unit itself.
    Person: URIRef  # A named person mentioned in an article.
    Province: URIRef  # A province-level unit: a province (省), autonomous region (自治区) or municipality directly under the central government (直辖市).
    Statistic: URIRef  # A figure reported in an article, given as a value, the unit or measure word it was written with, and what it counts (comparable to a qb:Observation, though not declared one).
    SubdistrictOffice: URIRef  # A township-level urban subdistrict (街道), administered by its subdistrict office (街道办事处) on behalf of the district or county-level city.
    Town: URIRef  # A township-level town (镇) or township (乡), including ethnic townships (民族乡) and sumu (苏木).
    Village: URIRef  # A village-level rural unit: an administrative village (行政村) and its villagers' committee (村委会).
    WorkStudio: URIRef  # A named studio (工作室), usually named after the person who leads it, such as a model worker's or a community secretary's studio.
    about: URIRef  # Links a statistic to the entity the figure describes, for example the community whose grid count it gives.
    adminCode: URIRef  # The 12-digit division code (统计用区划代码) of the National Bureau of Statistics that links a unit to the official register, written as a string of all 12 digits (370105 → 370105000000) and used like a skos:notation.
    approximation: URIRef  # Says that a statistic's value is approximate, and how (kg:MoreThan, kg:LessThan, kg:About), so that a query can tell 30余人 from 30人.
    contentHash: URIRef  # A cryptographic digest of the article's source content, which identifies the exact input the graph was built from.
    launchedBy: URIRef  # Links an initiative to the administrative unit or organisation that launched or runs it.
    locatedIn: URIRef  # Links a studio, initiative or organisation to the administrative unit where it is, which by the chain with kg:partOf also places it in every unit above.
    measure: URIRef  # What a statistic counts or measures, as a literal taken from the text, such as 网格, 网格员 or 后备干部.
    namedAfter: URIRef  # Links a studio or initiative to the person whose name it bears (李明工作室 → 李明).
    partOf: URIRef  # Links an administrative unit to the unit it belongs to; the graph asserts the unit directly above (社区 → 街道 → 区 → 市 → 省) and transitivity gives the rest.
    qualifier: URIRef  # The word that qualifies an approximate figure, as written: 余, 多, 以上, 不到, 约, 左右 …
    sentence: URIRef  # The text of the sentence that holds a mention, kept so the mention can be read in context without slicing the article.
    sourceEncoding: URIRef  # The character encoding the source bytes were decoded with, such as utf-8, gb18030 or big5.
    sourceFile: URIRef  # The name of the input the article was read from, as the user gave it (a path, or <stdin>).
    unit: URIRef  # The measure word or unit of a statistic as written in the text, such as 个, 人, 名, 项, 次, 户, % or 人次.
    value: URIRef  # The number a statistic reports, as an xsd:decimal or xsd:integer with Chinese multipliers applied (1.2万 → 12000, 57% → 57).
