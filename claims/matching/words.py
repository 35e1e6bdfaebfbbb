"""The lexical stage's word lists (claims/matching/lexical.py): framing verbs, word groups the
stemmer does not join, and words common in political claims."""

# Reporting verbs frame a claim ("Says ...") without being its content.
FRAMING_WORDS = (
    "say says said saying claim claims claimed state states stated according tell told "
    "argue argued insist insisted add added note noted"
)

# Forms the stemmer does not bring together, and common rewordings in news copy. Each group
# ends up as one lexeme for re-ranking and as alternatives in the candidate query.
WORD_GROUPS = (
    # irregular verbs
    "rise rose risen",
    "grow grew grown",
    "fall fell fallen",
    "spend spent",
    "pay paid",
    "lose lost",
    "win won",
    "make made",
    "take took taken",
    "give gave given",
    "go went gone",
    "buy bought purchase purchased",
    "sell sold",
    "build built",
    "bring brought",
    "think thought",
    "seek sought",
    "keep kept",
    "hold held",
    "meet met",
    "run ran",
    "begin began begun start started",
    "become became",
    "come came",
    "get got gotten",
    "know knew known",
    "see saw seen",
    "write wrote written",
    "choose chose chosen",
    "drive drove driven",
    "steal stole stolen",
    "tell told",
    "throw threw thrown",
    "lead led",
    "send sent",
    "feel felt",
    "find found",
    "hear heard",
    "mean meant",
    "fight fought",
    "teach taught",
    "stand stood",
    "shoot shot",
    "catch caught",
    "leave left",
    # rewordings
    "increase increased increasing rise soar soared surge surged climb climbed jump jumped",
    "decrease decreased decline declined drop dropped plunge plunged shrink shrank",
    "kid kids child children",
    "job jobs employment",
    "law laws legislation statute",
    "big large huge",
    "cost costs price prices",
    "firm firms company companies business businesses",
    "worker workers employee employees",
    "physician physicians doctor doctors",
    "vehicle vehicles car cars",
    "firearm firearms gun guns",
    "undocumented illegal",
    "immigrant immigrants migrant migrants alien aliens",
    "funds funding money",
    "nation nations country countries",
    "u.s usa america",
    "elderly seniors",
    "expenditure expenditures spending",
    "individuals people",
    "require required need needed",
    "one 1",
    "two 2",
    "three 3",
    "four 4",
    "five 5",
    "six 6",
    "seven 7",
    "eight 8",
    "nine 9",
    "ten 10",
    "eleven 11",
    "twelve 12",
    "twenty 20",
    "thirty 30",
    "forty 40",
    "fifty 50",
    "hundred 100",
    "thousand 1000",
    "percent percentage pct",
)

# Lexemes common in political claims, for tables too small to have statistics of their own.
COMMON_WORDS = (
    "say year percent state people new million time u.s american country govern presid tax job "
    "billion money vote bill law health care plan budget would like one two 3 make get go"
)
