// The nGQL / openCypher grammar, after NebulaGraph's src/parser/parser.yy.
// Rule names follow NebulaGraph's so that the two can be compared side by
// side. Semantic checks NebulaGraph performs inside its actions (function
// names, aggregates in WHERE, output of variables, ...) are done here too,
// with the same messages, through the helpers in actions.go.
//
// Regenerate parser.go with `go generate ./pkg/ngql/parser`; it fails if
// goyacc reports any conflict.

%{
package parser

import (
	"math"

	"github.com/novagraph/novagraph/pkg/ngql/ast"
)
%}

%union {
	span  span
	str   string
	i     int64
	f     float64
	b     bool
	depth int32
	expr  ast.Expr
	exprs []ast.Expr
	strs  []string
	stmt  ast.Stmt
	node  any
}

/* keywords: the scanner puts the keyword in lower case in str */
%token <str> KW_BOOL KW_INT8 KW_INT16 KW_INT32 KW_INT64 KW_INT KW_FLOAT KW_DOUBLE
%token <str> KW_STRING KW_FIXED_STRING KW_TIMESTAMP KW_DATE KW_TIME KW_DATETIME KW_DURATION
%token <str> KW_GO KW_AS KW_TO KW_USE KW_SET KW_FROM KW_WHERE KW_ALTER
%token <str> KW_MATCH KW_INSERT KW_VALUE KW_VALUES KW_YIELD KW_RETURN KW_CREATE KW_VERTEX KW_VERTICES
%token <str> KW_IGNORE_EXISTED_INDEX
%token <str> KW_EDGE KW_EDGES KW_STEPS KW_OVER KW_UPTO KW_REVERSELY KW_SPACE KW_DELETE KW_FIND
%token <str> KW_TAG KW_TAGS KW_UNION KW_INTERSECT KW_MINUS
%token <str> KW_IN KW_DESCRIBE KW_DESC KW_SHOW KW_HOST KW_HOSTS KW_PART KW_PARTS KW_ADD
%token <str> KW_PARTITION_NUM KW_REPLICA_FACTOR KW_CHARSET KW_COLLATE KW_COLLATION KW_VID_TYPE
%token <str> KW_ATOMIC_EDGE KW_COMMENT KW_S2_MAX_LEVEL KW_S2_MAX_CELLS
%token <str> KW_DROP KW_CLEAR KW_REMOVE KW_SPACES KW_INGEST KW_INDEX KW_INDEXES
%token <str> KW_IF KW_NOT KW_EXISTS KW_WITH
%token <str> KW_BY KW_DOWNLOAD KW_HDFS KW_UUID KW_CONFIGS KW_FORCE
%token <str> KW_GET KW_GRAPH KW_META KW_STORAGE KW_AGENT
%token <str> KW_TTL_DURATION KW_TTL_COL KW_DATA KW_STOP
%token <str> KW_FETCH KW_PROP KW_UPDATE KW_UPSERT KW_WHEN
%token <str> KW_ORDER KW_ASC KW_LIMIT KW_SAMPLE KW_OFFSET KW_ASCENDING KW_DESCENDING
%token <str> KW_DISTINCT KW_ALL KW_OF
%token <str> KW_BALANCE KW_LEADER KW_RESET KW_PLAN
%token <str> KW_SHORTEST KW_PATH KW_NOLOOP KW_SHORTESTPATH KW_ALLSHORTESTPATHS
%token <str> KW_NULL KW_DEFAULT
%token <str> KW_SNAPSHOT KW_SNAPSHOTS KW_LOOKUP
%token <str> KW_JOBS KW_JOB KW_RECOVER KW_FLUSH KW_COMPACT KW_REBUILD KW_SUBMIT KW_STATS KW_STATUS
%token <str> KW_BIDIRECT
%token <str> KW_USER KW_USERS KW_ACCOUNT
%token <str> KW_PASSWORD KW_CHANGE KW_ROLE KW_ROLES
%token <str> KW_GOD KW_ADMIN KW_DBA KW_GUEST KW_GRANT KW_REVOKE KW_ON
%token <str> KW_OUT KW_BOTH KW_SUBGRAPH
%token <str> KW_EXPLAIN KW_PROFILE KW_FORMAT
%token <str> KW_CONTAINS
%token <str> KW_STARTS KW_ENDS
%token <str> KW_UNWIND KW_SKIP KW_OPTIONAL
%token <str> KW_CASE KW_THEN KW_ELSE KW_END
%token <str> KW_GROUP KW_ZONE KW_GROUPS KW_ZONES KW_INTO KW_NEW
%token <str> KW_LISTENER KW_ELASTICSEARCH KW_FULLTEXT KW_HTTPS KW_HTTP KW_ANALYZER
%token <str> KW_AUTO KW_ES_QUERY
%token <str> KW_TEXT KW_SEARCH KW_CLIENTS KW_SIGN KW_SERVICE KW_TEXT_SEARCH
%token <str> KW_ANY KW_SINGLE KW_NONE
%token <str> KW_REDUCE
%token <str> KW_LOCAL
%token <str> KW_SESSIONS KW_SESSION
%token <str> KW_KILL KW_QUERY KW_QUERIES KW_TOP
%token <str> KW_GEOGRAPHY KW_POINT KW_LINESTRING KW_POLYGON
%token <str> KW_LIST KW_MAP
%token <str> KW_MERGE KW_DIVIDE KW_RENAME
%token <str> KW_OR KW_XOR KW_AND
%token <str> KW_NOT_IN KW_NOT_CONTAINS KW_STARTS_WITH KW_ENDS_WITH KW_NOT_STARTS_WITH KW_NOT_ENDS_WITH
%token <str> KW_IS_NULL KW_IS_NOT_NULL KW_IS_EMPTY KW_IS_NOT_EMPTY

/* symbols */
%token L_PAREN R_PAREN L_BRACKET R_BRACKET L_BRACE R_BRACE COMMA
%token PIPE ASSIGN
%token DOT DOT_DOT COLON QM SEMICOLON R_ARROW AT
%token MINUS_L_BRACKET R_BRACKET_MINUS L_ARROW_L_BRACKET R_BRACKET_R_ARROW
%token MINUS_MINUS MINUS_R_ARROW L_ARROW_MINUS L_ARROW_R_ARROW
%token TYPE_PROP SRC_ID_PROP DST_ID_PROP RANK_PROP INPUT_REF DST_REF SRC_REF
%token PLUS MINUS STAR DIV MOD NOT EQ NE LT LE GT GE REG
/* any byte the scanner has no rule for; never valid */
%token ILLEGAL
/* synthetic first token of ParseExpr */
%token START_EXPR

/* literals */
%token <b> BOOL
%token <i> INTEGER
/* 9223372036854775808: only valid right after a unary minus */
%token <i> INT_MIN
%token <f> DOUBLE
%token <str> STRING VARIABLE LABEL IPV4

%type <str> name_label unreserved_keyword predicate_name match_alias opt_analyzer
%type <expr> expression expression_internal constant_expression compound_expression
%type <expr> parenthesized_expression property_expression input_prop_expression
%type <expr> vertex_prop_expression var_prop_expression edge_prop_expression
%type <expr> subscript_expression subscript_range_expression attribute_expression
%type <expr> case_expression generic_case_expression conditional_expression
%type <expr> case_condition case_default predicate_expression list_comprehension_expression
%type <expr> reduce_expression function_call_expression uuid_expression
%type <expr> container_expression list_expression set_expression map_expression
%type <expr> match_path_pattern_expression vid query_unique_identifier_value
%type <expr> text_search_expression where_clause when_clause match_skip match_limit
%type <expr> vid_ref_expression lookup_where_clause
%type <exprs> opt_argument_list argument_list opt_expression_list expression_list value_list
%type <node> map_item_list opt_map_item_list when_then_list
%type <i> legal_integer unary_integer rank port
%type <b> opt_if_not_exists opt_if_exists opt_with_properties opt_ignore_existed_index
%type <strs> name_label_list column_name_list zone_name_list prop_list integer_list

%type <node> type_spec step_clause from_clause to_clause vid_list over_edge over_edges over_clause
%type <node> yield_clause group_by_yield_clause yield_columns yield_column truncate_clause
%type <node> order_factor order_factors match_order_by find_path_upto_clause
%type <node> in_bound_clause out_bound_clause both_in_out_clause
%type <node> edge_key edge_keys edge_key_ref
%type <node> match_path_pattern match_relationships_pattern match_path match_path_list
%type <node> match_node match_node_label match_node_label_list match_edge match_edge_prop
%type <node> opt_match_edge_type_list match_edge_type_list match_step_range
%type <node> match_return match_return_items
%type <node> reading_clause reading_clauses reading_with_clause reading_with_clauses
%type <node> unwind_clause with_clause match_clause
%type <node> column_spec_list column_spec column_properties column_property
%type <node> create_schema_prop_list opt_create_schema_prop_list create_schema_prop_item
%type <node> alter_schema_opt_list alter_schema_opt_item alter_schema_prop_list alter_schema_prop_item
%type <node> index_field index_field_list opt_index_field_list
%type <node> opt_with_index_param_list index_param_list index_param_item opt_comment_prop
%type <node> space_opt_list space_opt_item
%type <node> vertex_tag_list vertex_tag_item vertex_row_list vertex_row_item
%type <node> edge_row_list edge_row_item update_list update_item
%type <node> host_list host_item zone_item zone_item_list
%type <node> service_client_item service_client_list query_unique_identifier
%type <str> comment_prop_assignment comment_prop role_type_clause geo_shape_type
%type <str> config_module_enum list_host_type
%type <node> acl_item_clause get_config_item set_config_item show_config_item

%type <stmt> sentence maintain_sentence mutate_sentence traverse_sentence
%type <stmt> piped_sentence set_sentence assignment_sentence match_sentences match_sentence
%type <stmt> go_sentence lookup_sentence group_by_sentence order_by_sentence limit_sentence
%type <stmt> fetch_sentence fetch_vertices_sentence fetch_edges_sentence find_path_sentence
%type <stmt> yield_sentence get_subgraph_sentence use_sentence unwind_sentence
%type <stmt> delete_vertex_sentence delete_tag_sentence delete_edge_sentence
%type <stmt> delete_vertex_with_edge_sentence
%type <stmt> show_queries_sentence kill_query_sentence kill_session_sentence describe_user_sentence
%type <stmt> show_sentence create_space_sentence describe_space_sentence alter_space_sentence
%type <stmt> drop_space_sentence clear_space_sentence
%type <stmt> create_tag_sentence create_edge_sentence alter_tag_sentence alter_edge_sentence
%type <stmt> describe_tag_sentence describe_edge_sentence drop_tag_sentence drop_edge_sentence
%type <stmt> create_tag_index_sentence create_edge_index_sentence create_fulltext_index_sentence
%type <stmt> drop_tag_index_sentence drop_edge_index_sentence drop_fulltext_index_sentence
%type <stmt> describe_tag_index_sentence describe_edge_index_sentence
%type <stmt> rebuild_tag_index_sentence rebuild_edge_index_sentence rebuild_fulltext_index_sentence
%type <stmt> add_hosts_sentence drop_hosts_sentence merge_zone_sentence drop_zone_sentence
%type <stmt> divide_zone_sentence rename_zone_sentence desc_zone_sentence
%type <stmt> create_user_sentence alter_user_sentence drop_user_sentence change_password_sentence
%type <stmt> grant_sentence revoke_sentence get_config_sentence set_config_sentence balance_sentence
%type <stmt> add_listener_sentence remove_listener_sentence list_listener_sentence
%type <stmt> create_snapshot_sentence drop_snapshot_sentence
%type <stmt> sign_in_service_sentence sign_out_service_sentence
%type <stmt> insert_vertex_sentence insert_edge_sentence update_vertex_sentence update_edge_sentence
%type <stmt> download_sentence ingest_sentence admin_job_sentence
%type <node> seq_sentences explain_sentence

%left QM COLON
%left KW_OR KW_XOR
%left KW_AND
%right KW_NOT
%left KW_IN KW_CONTAINS EQ NE LT LE GT GE REG KW_NOT_IN KW_NOT_CONTAINS KW_STARTS_WITH KW_ENDS_WITH KW_NOT_STARTS_WITH KW_NOT_ENDS_WITH KW_IS_NULL KW_IS_NOT_NULL KW_IS_EMPTY KW_IS_NOT_EMPTY
%nonassoc DUMMY_LOWER_THAN_MINUS
%left PLUS MINUS
%left STAR DIV MOD
%right NOT
%nonassoc DUMMY_LOWER_THAN_L_BRACE
%nonassoc KW_MAP L_BRACE
%nonassoc UNARY_PLUS
%nonassoc UNARY_MINUS
%nonassoc CASTING

%start sentences

%%

name_label
    : LABEL
    | unreserved_keyword
    ;

name_label_list
    : name_label { $$ = []string{$1} }
    | name_label_list COMMA name_label { $$ = append($1, $3) }
    ;

legal_integer
    : INTEGER
    ;

unreserved_keyword
    : KW_SPACE | KW_VALUE | KW_VALUES | KW_HOST | KW_HOSTS | KW_SPACES | KW_USER | KW_USERS
    | KW_PASSWORD | KW_ROLE | KW_ROLES | KW_GOD | KW_ADMIN | KW_DBA | KW_GUEST | KW_GROUP
    | KW_DATA | KW_LEADER | KW_UUID | KW_JOB | KW_JOBS | KW_BIDIRECT | KW_FORCE | KW_PART
    | KW_PARTS | KW_DEFAULT | KW_CONFIGS | KW_ACCOUNT | KW_HDFS | KW_PARTITION_NUM
    | KW_REPLICA_FACTOR | KW_CHARSET | KW_COLLATE | KW_COLLATION | KW_ATOMIC_EDGE
    | KW_TTL_DURATION | KW_TTL_COL | KW_SNAPSHOT | KW_SNAPSHOTS | KW_GRAPH | KW_META
    | KW_STORAGE | KW_AGENT | KW_ALL | KW_ANY | KW_SINGLE | KW_NONE | KW_REDUCE | KW_SHORTEST
    | KW_SHORTESTPATH | KW_ALLSHORTESTPATHS | KW_NOLOOP | KW_CONTAINS | KW_STARTS | KW_ENDS
    | KW_VID_TYPE | KW_LIMIT | KW_SKIP | KW_OPTIONAL | KW_OFFSET | KW_FORMAT | KW_PROFILE
    | KW_BOTH | KW_OUT | KW_SUBGRAPH | KW_THEN | KW_ELSE | KW_END | KW_INTO | KW_NEW
    | KW_GROUPS | KW_ZONE | KW_ZONES | KW_LISTENER | KW_ELASTICSEARCH | KW_FULLTEXT
    | KW_STATS | KW_STATUS | KW_AUTO | KW_ES_QUERY | KW_TEXT | KW_SEARCH | KW_CLIENTS
    | KW_SIGN | KW_SERVICE | KW_TEXT_SEARCH | KW_RESET | KW_PLAN | KW_COMMENT
    | KW_S2_MAX_LEVEL | KW_S2_MAX_CELLS | KW_SESSION | KW_SESSIONS | KW_LOCAL | KW_SAMPLE
    | KW_QUERIES | KW_QUERY | KW_KILL | KW_TOP | KW_POINT | KW_LINESTRING | KW_POLYGON
    | KW_HTTP | KW_HTTPS | KW_MERGE | KW_DIVIDE | KW_RENAME | KW_CLEAR | KW_ANALYZER
    ;

expression
    : expression_internal { lx(yylex).checkDepth(&yyVAL) }
    ;

expression_internal
    : constant_expression
    | name_label { lx(yylex).leaf(&yyVAL, &ast.Label{Name: $1}) }
    | VARIABLE { lx(yylex).leaf(&yyVAL, lx(yylex).variable($1)) }
    | compound_expression
    | MINUS expression_internal %prec UNARY_MINUS {
        lx(yylex).unary(&yyVAL, ast.OpNegate, &yyDollar[2])
    }
    | MINUS INT_MIN %prec UNARY_MINUS { lx(yylex).leaf(&yyVAL, &ast.IntLiteral{Value: math.MinInt64}) }
    | PLUS expression_internal %prec UNARY_PLUS { lx(yylex).unary(&yyVAL, ast.OpPlus, &yyDollar[2]) }
    | NOT expression_internal { lx(yylex).unary(&yyVAL, ast.OpNot, &yyDollar[2]) }
    | KW_NOT expression_internal { lx(yylex).unary(&yyVAL, ast.OpNot, &yyDollar[2]) }
    | L_PAREN type_spec R_PAREN expression_internal %prec CASTING {
        lx(yylex).node1(&yyVAL, &ast.TypeCast{Type: castType($2.(*ast.ColumnType)), Operand: $4}, &yyDollar[4])
    }
    | expression_internal STAR expression_internal { lx(yylex).binary(&yyVAL, ast.OpMul, &yyDollar[1], &yyDollar[3]) }
    | expression_internal DIV expression_internal { lx(yylex).binary(&yyVAL, ast.OpDiv, &yyDollar[1], &yyDollar[3]) }
    | expression_internal MOD expression_internal { lx(yylex).binary(&yyVAL, ast.OpMod, &yyDollar[1], &yyDollar[3]) }
    | expression_internal PLUS expression_internal { lx(yylex).binary(&yyVAL, ast.OpAdd, &yyDollar[1], &yyDollar[3]) }
    | expression_internal MINUS expression_internal { lx(yylex).binary(&yyVAL, ast.OpSub, &yyDollar[1], &yyDollar[3]) }
    | expression_internal LT expression_internal { lx(yylex).binary(&yyVAL, ast.OpLT, &yyDollar[1], &yyDollar[3]) }
    | expression_internal GT expression_internal { lx(yylex).binary(&yyVAL, ast.OpGT, &yyDollar[1], &yyDollar[3]) }
    | expression_internal LE expression_internal { lx(yylex).binary(&yyVAL, ast.OpLE, &yyDollar[1], &yyDollar[3]) }
    | expression_internal GE expression_internal { lx(yylex).binary(&yyVAL, ast.OpGE, &yyDollar[1], &yyDollar[3]) }
    | expression_internal REG expression_internal { lx(yylex).binary(&yyVAL, ast.OpRegex, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_IN expression_internal { lx(yylex).binary(&yyVAL, ast.OpIn, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_NOT_IN expression_internal { lx(yylex).binary(&yyVAL, ast.OpNotIn, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_CONTAINS expression_internal { lx(yylex).binary(&yyVAL, ast.OpContains, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_NOT_CONTAINS expression_internal { lx(yylex).binary(&yyVAL, ast.OpNotContains, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_STARTS_WITH expression_internal { lx(yylex).binary(&yyVAL, ast.OpStartsWith, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_NOT_STARTS_WITH expression_internal { lx(yylex).binary(&yyVAL, ast.OpNotStartsWith, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_ENDS_WITH expression_internal { lx(yylex).binary(&yyVAL, ast.OpEndsWith, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_NOT_ENDS_WITH expression_internal { lx(yylex).binary(&yyVAL, ast.OpNotEndsWith, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_IS_NULL { lx(yylex).unary(&yyVAL, ast.OpIsNull, &yyDollar[1]) }
    | expression_internal KW_IS_NOT_NULL { lx(yylex).unary(&yyVAL, ast.OpIsNotNull, &yyDollar[1]) }
    | expression_internal KW_IS_EMPTY { lx(yylex).unary(&yyVAL, ast.OpIsEmpty, &yyDollar[1]) }
    | expression_internal KW_IS_NOT_EMPTY { lx(yylex).unary(&yyVAL, ast.OpIsNotEmpty, &yyDollar[1]) }
    | expression_internal EQ expression_internal { lx(yylex).binary(&yyVAL, ast.OpEQ, &yyDollar[1], &yyDollar[3]) }
    | expression_internal NE expression_internal { lx(yylex).binary(&yyVAL, ast.OpNE, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_AND expression_internal { lx(yylex).logical(&yyVAL, ast.OpAnd, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_OR expression_internal { lx(yylex).logical(&yyVAL, ast.OpOr, &yyDollar[1], &yyDollar[3]) }
    | expression_internal KW_XOR expression_internal { lx(yylex).logical(&yyVAL, ast.OpXor, &yyDollar[1], &yyDollar[3]) }
    | case_expression
    | predicate_expression
    | reduce_expression
    | uuid_expression
    ;

constant_expression
    : DOUBLE { lx(yylex).leaf(&yyVAL, &ast.FloatLiteral{Value: $1}) }
    | STRING { lx(yylex).leaf(&yyVAL, &ast.StringLiteral{Value: $1}) }
    | BOOL { lx(yylex).leaf(&yyVAL, &ast.BoolLiteral{Value: $1}) }
    | KW_NULL { lx(yylex).leaf(&yyVAL, &ast.NullLiteral{}) }
    | INTEGER { lx(yylex).leaf(&yyVAL, &ast.IntLiteral{Value: $1}) }
    ;

compound_expression
    : match_path_pattern_expression
    | parenthesized_expression
    | property_expression
    | function_call_expression
    | container_expression
    | list_comprehension_expression
    | subscript_expression
    | subscript_range_expression
    | attribute_expression
    ;

parenthesized_expression
    : L_PAREN expression_internal R_PAREN { $$ = $2; yyVAL.depth = yyDollar[2].depth }
    ;

property_expression
    : input_prop_expression
    | vertex_prop_expression
    | var_prop_expression
    | edge_prop_expression
    ;

subscript_expression
    : name_label L_BRACKET expression_internal R_BRACKET {
        lx(yylex).node1(&yyVAL, &ast.Subscript{Left: &ast.Label{Name: $1}, Index: $3}, &yyDollar[3])
    }
    | VARIABLE L_BRACKET expression_internal R_BRACKET {
        lx(yylex).node1(&yyVAL, &ast.Subscript{Left: lx(yylex).variable($1), Index: $3}, &yyDollar[3])
    }
    | compound_expression L_BRACKET expression_internal R_BRACKET {
        lx(yylex).node(&yyVAL, &ast.Subscript{Left: $1, Index: $3}, &yyDollar[1], &yyDollar[3])
    }
    ;

subscript_range_expression
    : name_label L_BRACKET expression_internal DOT_DOT expression_internal R_BRACKET {
        lx(yylex).node(&yyVAL, &ast.SubscriptRange{Left: &ast.Label{Name: $1}, Lo: $3, Hi: $5}, &yyDollar[3], &yyDollar[5])
    }
    | name_label L_BRACKET DOT_DOT expression_internal R_BRACKET {
        lx(yylex).node1(&yyVAL, &ast.SubscriptRange{Left: &ast.Label{Name: $1}, Hi: $4}, &yyDollar[4])
    }
    | name_label L_BRACKET expression_internal DOT_DOT R_BRACKET {
        lx(yylex).node1(&yyVAL, &ast.SubscriptRange{Left: &ast.Label{Name: $1}, Lo: $3}, &yyDollar[3])
    }
    | VARIABLE L_BRACKET expression_internal DOT_DOT expression_internal R_BRACKET {
        lx(yylex).node(&yyVAL, &ast.SubscriptRange{Left: lx(yylex).variable($1), Lo: $3, Hi: $5}, &yyDollar[3], &yyDollar[5])
    }
    | VARIABLE L_BRACKET DOT_DOT expression_internal R_BRACKET {
        lx(yylex).node1(&yyVAL, &ast.SubscriptRange{Left: lx(yylex).variable($1), Hi: $4}, &yyDollar[4])
    }
    | VARIABLE L_BRACKET expression_internal DOT_DOT R_BRACKET {
        lx(yylex).node1(&yyVAL, &ast.SubscriptRange{Left: lx(yylex).variable($1), Lo: $3}, &yyDollar[3])
    }
    | compound_expression L_BRACKET expression_internal DOT_DOT expression_internal R_BRACKET {
        lx(yylex).node(&yyVAL, &ast.SubscriptRange{Left: $1, Lo: $3, Hi: $5}, &yyDollar[1], &yyDollar[3], &yyDollar[5])
    }
    | compound_expression L_BRACKET DOT_DOT expression_internal R_BRACKET {
        lx(yylex).node(&yyVAL, &ast.SubscriptRange{Left: $1, Hi: $4}, &yyDollar[1], &yyDollar[4])
    }
    | compound_expression L_BRACKET expression_internal DOT_DOT R_BRACKET {
        lx(yylex).node(&yyVAL, &ast.SubscriptRange{Left: $1, Lo: $3}, &yyDollar[1], &yyDollar[3])
    }
    ;

attribute_expression
    : name_label DOT name_label { lx(yylex).leaf(&yyVAL, &ast.LabelAttribute{Label: $1, Attr: $3}) }
    | compound_expression DOT name_label { lx(yylex).node1(&yyVAL, &ast.Attribute{Left: $1, Name: $3}, &yyDollar[1]) }
    ;

case_expression
    : generic_case_expression
    | conditional_expression
    ;

generic_case_expression
    : KW_CASE case_condition when_then_list case_default KW_END {
        lx(yylex).caseExpr(&yyVAL, &yyDollar[2], $3.(*caseArms), &yyDollar[4])
    }
    ;

conditional_expression
    : expression_internal QM expression_internal COLON expression_internal {
        lx(yylex).node(&yyVAL, &ast.Case{Arms: []ast.WhenThen{{When: $1, Then: $3}}, Default: $5},
            &yyDollar[1], &yyDollar[3], &yyDollar[5])
    }
    ;

case_condition
    : /* empty */ { $$ = nil; yyVAL.depth = 0 }
    | expression_internal
    ;

case_default
    : /* empty */ { $$ = nil; yyVAL.depth = 0 }
    | KW_ELSE expression_internal { $$ = $2; yyVAL.depth = yyDollar[2].depth }
    ;

when_then_list
    : KW_WHEN expression_internal KW_THEN expression_internal {
        $$ = &caseArms{arms: []ast.WhenThen{{When: $2, Then: $4}}, depth: maxDepth(yyDollar[2].depth, yyDollar[4].depth)}
    }
    | when_then_list KW_WHEN expression_internal KW_THEN expression_internal {
        a := $1.(*caseArms)
        a.arms = append(a.arms, ast.WhenThen{When: $3, Then: $5})
        a.depth = maxDepth(a.depth, yyDollar[3].depth, yyDollar[5].depth)
        $$ = a
    }
    ;

predicate_name
    : KW_ALL { $$ = "all" }
    | KW_ANY { $$ = "any" }
    | KW_SINGLE { $$ = "single" }
    | KW_NONE { $$ = "none" }
    ;

predicate_expression
    : predicate_name L_PAREN expression_internal KW_IN expression_internal KW_WHERE expression_internal R_PAREN {
        l := lx(yylex)
        v := l.loopVar(&yyDollar[3], "The loop variable must be a label in predicate functions")
        l.node(&yyVAL, &ast.Predicate{Name: $1, Var: v, Collection: $5, Filter: $7}, &yyDollar[5], &yyDollar[7])
    }
    | KW_EXISTS L_PAREN expression_internal R_PAREN {
        lx(yylex).exists(&yyVAL, &yyDollar[3])
    }
    ;

list_comprehension_expression
    : L_BRACKET expression_internal KW_IN expression_internal KW_WHERE expression_internal R_BRACKET {
        l := lx(yylex)
        v := l.loopVar(&yyDollar[2], "The loop variable must be a label in list comprehension")
        l.node(&yyVAL, &ast.ListComprehension{Var: v, Collection: $4, Filter: $6}, &yyDollar[4], &yyDollar[6])
    }
    | L_BRACKET expression_internal KW_IN expression_internal PIPE expression_internal R_BRACKET {
        l := lx(yylex)
        v := l.loopVar(&yyDollar[2], "The loop variable must be a label in list comprehension")
        l.node(&yyVAL, &ast.ListComprehension{Var: v, Collection: $4, Mapping: $6}, &yyDollar[4], &yyDollar[6])
    }
    | L_BRACKET expression_internal KW_IN expression_internal KW_WHERE expression_internal PIPE expression_internal R_BRACKET {
        l := lx(yylex)
        v := l.loopVar(&yyDollar[2], "The loop variable must be a label in list comprehension")
        l.node(&yyVAL, &ast.ListComprehension{Var: v, Collection: $4, Filter: $6, Mapping: $8},
            &yyDollar[4], &yyDollar[6], &yyDollar[8])
    }
    ;

reduce_expression
    : KW_REDUCE L_PAREN name_label ASSIGN expression_internal COMMA name_label KW_IN expression_internal PIPE expression_internal R_PAREN {
        lx(yylex).node(&yyVAL, &ast.Reduce{Acc: $3, Init: $5, Var: $7, Collection: $9, Mapping: $11},
            &yyDollar[5], &yyDollar[9], &yyDollar[11])
    }
    ;

input_prop_expression
    : INPUT_REF DOT name_label { lx(yylex).leaf(&yyVAL, &ast.InputProperty{Prop: $3}) }
    | INPUT_REF DOT STAR { lx(yylex).leaf(&yyVAL, &ast.InputProperty{Prop: "*"}) }
    ;

vertex_prop_expression
    : SRC_REF DOT name_label DOT name_label { lx(yylex).leaf(&yyVAL, &ast.SourceProperty{Tag: $3, Prop: $5}) }
    | DST_REF DOT name_label DOT name_label { lx(yylex).leaf(&yyVAL, &ast.DestProperty{Tag: $3, Prop: $5}) }
    ;

var_prop_expression
    : VARIABLE DOT name_label { lx(yylex).varProp(&yyVAL, $1, $3) }
    | VARIABLE DOT STAR { lx(yylex).leaf(&yyVAL, &ast.VariableProperty{Var: $1, Prop: "*"}) }
    ;

edge_prop_expression
    : name_label DOT TYPE_PROP { lx(yylex).leaf(&yyVAL, &ast.EdgeMeta{Edge: $1, Field: ast.EdgeType}) }
    | name_label DOT SRC_ID_PROP { lx(yylex).leaf(&yyVAL, &ast.EdgeMeta{Edge: $1, Field: ast.EdgeSrc}) }
    | name_label DOT DST_ID_PROP { lx(yylex).leaf(&yyVAL, &ast.EdgeMeta{Edge: $1, Field: ast.EdgeDst}) }
    | name_label DOT RANK_PROP { lx(yylex).leaf(&yyVAL, &ast.EdgeMeta{Edge: $1, Field: ast.EdgeRank}) }
    ;

function_call_expression
    : LABEL L_PAREN opt_argument_list R_PAREN { lx(yylex).call(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    | LABEL L_PAREN KW_DISTINCT expression_internal R_PAREN { lx(yylex).distinctCall(&yyVAL, &yyDollar[1], &yyDollar[4]) }
    | LABEL L_PAREN STAR R_PAREN { lx(yylex).starCall(&yyVAL, &yyDollar[1], false) }
    | LABEL L_PAREN KW_DISTINCT STAR R_PAREN { lx(yylex).starCall(&yyVAL, &yyDollar[1], true) }
    | KW_TIMESTAMP L_PAREN opt_argument_list R_PAREN { lx(yylex).keywordCall(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    | KW_DATE L_PAREN opt_argument_list R_PAREN { lx(yylex).keywordCall(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    | KW_TIME L_PAREN opt_argument_list R_PAREN { lx(yylex).keywordCall(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    | KW_DATETIME L_PAREN opt_argument_list R_PAREN { lx(yylex).keywordCall(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    | KW_TAGS L_PAREN opt_argument_list R_PAREN { lx(yylex).keywordCall(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    | KW_SIGN L_PAREN opt_argument_list R_PAREN { lx(yylex).keywordCall(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    | KW_DURATION L_PAREN opt_argument_list R_PAREN { lx(yylex).keywordCall(&yyVAL, &yyDollar[1], &yyDollar[3]) }
    ;

uuid_expression
    : KW_UUID L_PAREN R_PAREN { lx(yylex).leaf(&yyVAL, &ast.UUID{}) }
    ;

match_path_pattern_expression
    : match_relationships_pattern %prec DUMMY_LOWER_THAN_MINUS {
        lx(yylex).pathPattern(&yyVAL, $1.(*pathPart))
    }
    ;

opt_argument_list
    : /* empty */ { $$ = nil; yyVAL.depth = 0 }
    | argument_list
    ;

argument_list
    : KW_VERTEX { $$ = []ast.Expr{&ast.VertexRef{Name: ast.VertexKeyword}}; yyVAL.depth = 1 }
    | SRC_REF { $$ = []ast.Expr{&ast.VertexRef{Name: ast.VertexSrc}}; yyVAL.depth = 1 }
    | DST_REF { $$ = []ast.Expr{&ast.VertexRef{Name: ast.VertexDst}}; yyVAL.depth = 1 }
    | KW_EDGE { $$ = []ast.Expr{&ast.EdgeRef{}}; yyVAL.depth = 1 }
    | expression_internal { $$ = []ast.Expr{$1}; yyVAL.depth = yyDollar[1].depth }
    | argument_list COMMA expression_internal { $$ = append($1, $3); yyVAL.depth = maxDepth(yyDollar[1].depth, yyDollar[3].depth) }
    ;

geo_shape_type
    : KW_POINT { $$ = "POINT" }
    | KW_LINESTRING { $$ = "LINESTRING" }
    | KW_POLYGON { $$ = "POLYGON" }
    ;

type_spec
    : KW_BOOL { $$ = &ast.ColumnType{Name: "BOOL"} }
    | KW_INT8 { $$ = &ast.ColumnType{Name: "INT8"} }
    | KW_INT16 { $$ = &ast.ColumnType{Name: "INT16"} }
    | KW_INT32 { $$ = &ast.ColumnType{Name: "INT32"} }
    | KW_INT64 { $$ = &ast.ColumnType{Name: "INT64"} }
    | KW_INT { $$ = &ast.ColumnType{Name: "INT64"} }
    | KW_FLOAT { $$ = &ast.ColumnType{Name: "FLOAT"} }
    | KW_DOUBLE { $$ = &ast.ColumnType{Name: "DOUBLE"} }
    | KW_STRING { $$ = &ast.ColumnType{Name: "STRING"} }
    | KW_FIXED_STRING L_PAREN INTEGER R_PAREN {
        lx(yylex).checkLength(&yyDollar[3])
        $$ = &ast.ColumnType{Name: "FIXED_STRING", Length: $3}
    }
    | KW_TIMESTAMP { $$ = &ast.ColumnType{Name: "TIMESTAMP"} }
    | KW_DATE { $$ = &ast.ColumnType{Name: "DATE"} }
    | KW_TIME { $$ = &ast.ColumnType{Name: "TIME"} }
    | KW_DATETIME { $$ = &ast.ColumnType{Name: "DATETIME"} }
    | KW_GEOGRAPHY { $$ = &ast.ColumnType{Name: "GEOGRAPHY"} }
    | KW_GEOGRAPHY L_PAREN geo_shape_type R_PAREN { $$ = &ast.ColumnType{Name: "GEOGRAPHY", Shape: $3} }
    | KW_DURATION { $$ = &ast.ColumnType{Name: "DURATION"} }
    | KW_LIST LT type_spec GT { $$ = &ast.ColumnType{Name: "LIST", Elem: $3.(*ast.ColumnType)} }
    | KW_SET LT type_spec GT { $$ = &ast.ColumnType{Name: "SET", Elem: $3.(*ast.ColumnType)} }
    ;

container_expression
    : list_expression
    | set_expression
    | map_expression
    ;

list_expression
    : L_BRACKET expression_list R_BRACKET { lx(yylex).node1(&yyVAL, &ast.List{Items: $2}, &yyDollar[2]) }
    | L_BRACKET R_BRACKET { lx(yylex).leaf(&yyVAL, &ast.List{}) }
    | KW_LIST L_BRACKET opt_expression_list R_BRACKET { lx(yylex).node1(&yyVAL, &ast.List{Items: $3}, &yyDollar[3]) }
    ;

set_expression
    : L_BRACE expression_list R_BRACE { lx(yylex).node1(&yyVAL, &ast.Set{Items: $2}, &yyDollar[2]) }
    | KW_SET L_BRACE opt_expression_list R_BRACE { lx(yylex).node1(&yyVAL, &ast.Set{Items: $3}, &yyDollar[3]) }
    ;

opt_expression_list
    : /* empty */ { $$ = nil; yyVAL.depth = 0 }
    | expression_list
    ;

expression_list
    : expression_internal { $$ = []ast.Expr{$1}; yyVAL.depth = yyDollar[1].depth }
    | expression_list COMMA expression_internal { $$ = append($1, $3); yyVAL.depth = maxDepth(yyDollar[1].depth, yyDollar[3].depth) }
    ;

map_expression
    : L_BRACE map_item_list R_BRACE { lx(yylex).mapExpr(&yyVAL, $2.(*mapItems)) }
    | KW_MAP L_BRACE opt_map_item_list R_BRACE { lx(yylex).mapExpr(&yyVAL, $3.(*mapItems)) }
    ;

opt_map_item_list
    : /* empty */ { $$ = &mapItems{} }
    | map_item_list
    ;

map_item_list
    : name_label COLON expression_internal {
        $$ = &mapItems{items: []ast.MapItem{{Key: $1, Value: $3}}, depth: yyDollar[3].depth}
    }
    | map_item_list COMMA name_label COLON expression_internal {
        m := $1.(*mapItems)
        m.items = append(m.items, ast.MapItem{Key: $3, Value: $5})
        m.depth = maxDepth(m.depth, yyDollar[5].depth)
        $$ = m
    }
    ;

truncate_clause
    : /* empty */ { $$ = (*ast.Truncate)(nil) }
    | KW_SAMPLE expression {
        lx(yylex).noVariables(&yyDollar[2], "Parameter is not supported in sample clause")
        $$ = &ast.Truncate{Sample: true, Expr: $2}
    }
    | KW_LIMIT expression { $$ = &ast.Truncate{Expr: $2} }
    ;

go_sentence
    : KW_GO step_clause from_clause over_clause where_clause yield_clause truncate_clause {
        $$ = &ast.Go{Steps: $2.(ast.Steps), From: $3.(*ast.VertexIDs), Over: $4.(*ast.Over),
            Where: $5, Yield: $6.(*ast.YieldClause), Truncate: $7.(*ast.Truncate)}
    }
    ;

step_clause
    : /* empty */ { $$ = ast.Steps{Min: 1, Max: 1} }
    | legal_integer KW_STEPS { $$ = ast.Steps{Min: $1, Max: $1} }
    | legal_integer KW_TO legal_integer KW_STEPS { $$ = ast.Steps{Min: $1, Max: $3, Range: true} }
    ;

from_clause
    : KW_FROM vid_list { $$ = &ast.VertexIDs{IDs: $2.([]ast.Expr)} }
    | KW_FROM vid_ref_expression {
        lx(yylex).noVariables(&yyDollar[2], "Parameter is not supported in from clause")
        $$ = &ast.VertexIDs{Ref: $2}
    }
    ;

vid_list
    : vid { $$ = []ast.Expr{$1} }
    | vid_list COMMA vid { $$ = append($1.([]ast.Expr), $3) }
    ;

vid
    : unary_integer { $$ = &ast.IntLiteral{Value: $1} }
    | function_call_expression
    | uuid_expression
    | STRING { $$ = &ast.StringLiteral{Value: $1} }
    | VARIABLE { lx(yylex).variableVid(&yyDollar[1]) }
    ;

unary_integer
    : PLUS legal_integer { $$ = $2 }
    | MINUS INTEGER { $$ = -$2 }
    | legal_integer
    ;

vid_ref_expression
    : input_prop_expression
    | var_prop_expression { lx(yylex).noVariables(&yyDollar[1], "Parameter is not supported in vid") }
    ;

over_edge
    : name_label { $$ = &ast.OverEdge{Edge: $1} }
    | name_label KW_AS name_label { $$ = &ast.OverEdge{Edge: $1, Alias: $3} }
    ;

over_edges
    : over_edge { $$ = []*ast.OverEdge{$1.(*ast.OverEdge)} }
    | over_edges COMMA over_edge { $$ = append($1.([]*ast.OverEdge), $3.(*ast.OverEdge)) }
    ;

over_clause
    : KW_OVER STAR { $$ = &ast.Over{All: true} }
    | KW_OVER STAR KW_REVERSELY { $$ = &ast.Over{All: true, Direction: ast.Reversely} }
    | KW_OVER STAR KW_BIDIRECT { $$ = &ast.Over{All: true, Direction: ast.Bidirect} }
    | KW_OVER over_edges { $$ = &ast.Over{Edges: $2.([]*ast.OverEdge)} }
    | KW_OVER over_edges KW_REVERSELY { $$ = &ast.Over{Edges: $2.([]*ast.OverEdge), Direction: ast.Reversely} }
    | KW_OVER over_edges KW_BIDIRECT { $$ = &ast.Over{Edges: $2.([]*ast.OverEdge), Direction: ast.Bidirect} }
    ;

where_clause
    : /* empty */ { $$ = nil }
    | KW_WHERE expression {
        lx(yylex).noAggregate(&yyDollar[2], "Invalid use of aggregating function in where clause.")
        $$ = $2
    }
    ;

when_clause
    : /* empty */ { $$ = nil }
    | KW_WHEN expression { $$ = $2 }
    ;

yield_clause
    : /* empty */ { $$ = (*ast.YieldClause)(nil) }
    | KW_YIELD yield_columns {
        lx(yylex).noAggregateColumns(&yyDollar[2])
        $$ = &ast.YieldClause{Columns: $2.([]*ast.YieldColumn)}
    }
    | KW_YIELD KW_DISTINCT yield_columns {
        lx(yylex).noAggregateColumns(&yyDollar[3])
        $$ = &ast.YieldClause{Distinct: true, Columns: $3.([]*ast.YieldColumn)}
    }
    ;

yield_columns
    : yield_column { $$ = []*ast.YieldColumn{$1.(*ast.YieldColumn)} }
    | yield_columns COMMA yield_column { $$ = append($1.([]*ast.YieldColumn), $3.(*ast.YieldColumn)) }
    ;

yield_column
    : KW_VERTEX { lx(yylex).fail(yyDollar[1].span, "please add alias when using `vertex'.") }
    | KW_VERTEX KW_AS name_label { $$ = &ast.YieldColumn{Expr: &ast.VertexRef{Name: ast.VertexKeyword}, Alias: $3} }
    | SRC_REF { lx(yylex).fail(yyDollar[1].span, "please add alias when using `$^'.") }
    | SRC_REF KW_AS name_label { $$ = &ast.YieldColumn{Expr: &ast.VertexRef{Name: ast.VertexSrc}, Alias: $3} }
    | DST_REF { lx(yylex).fail(yyDollar[1].span, "please add alias when using `$$'.") }
    | DST_REF KW_AS name_label { $$ = &ast.YieldColumn{Expr: &ast.VertexRef{Name: ast.VertexDst}, Alias: $3} }
    | KW_VERTICES { lx(yylex).fail(yyDollar[1].span, "please add alias when using `vertices'.") }
    | KW_VERTICES KW_AS name_label { $$ = &ast.YieldColumn{Expr: &ast.Label{Name: "VERTICES"}, Alias: $3} }
    | KW_EDGE { lx(yylex).fail(yyDollar[1].span, "please add alias when using `edge'.") }
    | KW_EDGE KW_AS name_label { $$ = &ast.YieldColumn{Expr: &ast.EdgeRef{}, Alias: $3} }
    | KW_EDGES { lx(yylex).fail(yyDollar[1].span, "please add alias when using `edges'.") }
    | KW_EDGES KW_AS name_label { $$ = &ast.YieldColumn{Expr: &ast.Label{Name: "EDGES"}, Alias: $3} }
    | KW_PATH { lx(yylex).fail(yyDollar[1].span, "please add alias when using `path'.") }
    | KW_PATH KW_AS name_label { $$ = &ast.YieldColumn{Expr: &ast.Label{Name: "PATH"}, Alias: $3} }
    | expression {
        lx(yylex).noDirectVariable(&yyDollar[1])
        $$ = &ast.YieldColumn{Expr: $1}
    }
    | expression KW_AS name_label {
        lx(yylex).noDirectVariable(&yyDollar[1])
        $$ = &ast.YieldColumn{Expr: $1, Alias: $3}
    }
    ;

yield_sentence
    : KW_YIELD yield_columns where_clause {
        $$ = &ast.Yield{Columns: $2.([]*ast.YieldColumn), Where: $3}
    }
    | KW_YIELD KW_DISTINCT yield_columns where_clause {
        $$ = &ast.Yield{Distinct: true, Columns: $3.([]*ast.YieldColumn), Where: $4}
    }
    | KW_RETURN yield_columns { $$ = &ast.Yield{Return: true, Columns: $2.([]*ast.YieldColumn)} }
    | KW_RETURN KW_DISTINCT yield_columns {
        $$ = &ast.Yield{Return: true, Distinct: true, Columns: $3.([]*ast.YieldColumn)}
    }
    ;

unwind_clause
    : KW_UNWIND expression KW_AS name_label { $$ = &ast.UnwindClause{Expr: $2, Alias: $4} }
    ;

unwind_sentence
    : KW_UNWIND expression KW_AS name_label { $$ = &ast.Unwind{Expr: $2, Alias: $4} }
    ;

with_clause
    : KW_WITH match_return_items match_order_by match_skip match_limit where_clause {
        $$ = &ast.WithClause{Items: $2.(*ast.ReturnItems), OrderBy: $3.([]*ast.OrderFactor),
            Skip: $4, Limit: $5, Where: $6}
    }
    | KW_WITH KW_DISTINCT match_return_items match_order_by match_skip match_limit where_clause {
        $$ = &ast.WithClause{Distinct: true, Items: $3.(*ast.ReturnItems), OrderBy: $4.([]*ast.OrderFactor),
            Skip: $5, Limit: $6, Where: $7}
    }
    ;

match_clause
    : KW_MATCH match_path_list where_clause {
        $$ = &ast.MatchClause{Paths: $2.([]*ast.MatchPath), Where: $3}
    }
    | KW_OPTIONAL KW_MATCH match_path_list where_clause {
        if $4 != nil {
            lx(yylex).fail(yyDollar[4].span, "Where clause in optional match is not supported.")
        }
        $$ = &ast.MatchClause{Optional: true, Paths: $3.([]*ast.MatchPath)}
    }
    ;

reading_clause
    : unwind_clause
    | match_clause
    ;

reading_clauses
    : reading_clause { $$ = []ast.Clause{$1.(ast.Clause)} }
    | reading_clauses reading_clause { $$ = append($1.([]ast.Clause), $2.(ast.Clause)) }
    ;

reading_with_clause
    : with_clause { $$ = []ast.Clause{$1.(ast.Clause)} }
    | reading_clauses with_clause { $$ = append($1.([]ast.Clause), $2.(ast.Clause)) }
    ;

reading_with_clauses
    : reading_with_clause
    | reading_with_clauses reading_with_clause { $$ = append($1.([]ast.Clause), $2.([]ast.Clause)...) }
    ;

match_sentence
    : reading_clauses match_return {
        $$ = &ast.Match{Clauses: $1.([]ast.Clause), Return: $2.(*ast.Return)}
    }
    | reading_with_clauses match_return {
        $$ = &ast.Match{Clauses: $1.([]ast.Clause), Return: $2.(*ast.Return)}
    }
    | reading_with_clauses reading_clauses match_return {
        $$ = &ast.Match{Clauses: append($1.([]ast.Clause), $2.([]ast.Clause)...), Return: $3.(*ast.Return)}
    }
    ;

match_relationships_pattern
    : match_node match_edge match_node {
        p := &pathPart{path: &ast.MatchPath{Nodes: []*ast.MatchNode{$1.(*nodePart).node}}}
        p.addNodeDepth($1.(*nodePart))
        p.add($2.(*edgePart), $3.(*nodePart))
        $$ = p
    }
    | match_relationships_pattern match_edge match_node {
        p := $1.(*pathPart)
        p.add($2.(*edgePart), $3.(*nodePart))
        $$ = p
    }
    ;

match_path_pattern
    : match_node {
        p := &pathPart{path: &ast.MatchPath{Nodes: []*ast.MatchNode{$1.(*nodePart).node}}}
        p.addNodeDepth($1.(*nodePart))
        $$ = p
    }
    | match_path_pattern match_edge match_node {
        p := $1.(*pathPart)
        p.add($2.(*edgePart), $3.(*nodePart))
        $$ = p
    }
    | KW_SHORTESTPATH L_PAREN match_path_pattern R_PAREN {
        p := $3.(*pathPart)
        p.path.Kind = ast.PathShortest
        $$ = p
    }
    | KW_ALLSHORTESTPATHS L_PAREN match_path_pattern R_PAREN {
        p := $3.(*pathPart)
        p.path.Kind = ast.PathAllShortest
        $$ = p
    }
    ;

match_path
    : match_path_pattern { $$ = lx(yylex).matchPath($1.(*pathPart)) }
    | name_label ASSIGN match_path_pattern {
        p := lx(yylex).matchPath($3.(*pathPart))
        p.Alias = $1
        $$ = p
    }
    ;

match_path_list
    : match_path { $$ = []*ast.MatchPath{$1.(*ast.MatchPath)} }
    | match_path_list COMMA match_path { $$ = append($1.([]*ast.MatchPath), $3.(*ast.MatchPath)) }
    ;

match_node
    : L_PAREN R_PAREN { $$ = &nodePart{node: &ast.MatchNode{}} }
    | parenthesized_expression { $$ = lx(yylex).nodeFromExpr(&yyDollar[1]) }
    | L_PAREN match_alias match_node_label_list R_PAREN {
        ls := $3.(*nodeLabels)
        $$ = &nodePart{node: &ast.MatchNode{Alias: $2, Labels: ls.labels}, depth: ls.depth}
    }
    | L_PAREN match_alias map_expression R_PAREN {
        $$ = &nodePart{node: &ast.MatchNode{Alias: $2, Props: $3.(*ast.Map)}, depth: yyDollar[3].depth}
    }
    ;

match_node_label
    : COLON name_label { $$ = &nodeLabels{labels: []*ast.NodeLabel{{Name: $2}}} }
    | COLON name_label map_expression {
        $$ = &nodeLabels{labels: []*ast.NodeLabel{{Name: $2, Props: $3.(*ast.Map)}}, depth: yyDollar[3].depth}
    }
    ;

match_node_label_list
    : match_node_label
    | match_node_label_list match_node_label {
        ls := $1.(*nodeLabels)
        n := $2.(*nodeLabels)
        ls.labels = append(ls.labels, n.labels...)
        ls.depth = maxDepth(ls.depth, n.depth)
        $$ = ls
    }
    ;

match_alias
    : /* empty */ %prec DUMMY_LOWER_THAN_L_BRACE { $$ = "" }
    | name_label
    ;

match_edge
    : MINUS_MINUS { $$ = &edgePart{edge: &ast.MatchEdge{Dir: ast.DirBoth}} }
    | MINUS_R_ARROW { $$ = &edgePart{edge: &ast.MatchEdge{Dir: ast.DirOut}} }
    | L_ARROW_MINUS { $$ = &edgePart{edge: &ast.MatchEdge{Dir: ast.DirIn}} }
    | L_ARROW_R_ARROW { $$ = &edgePart{edge: &ast.MatchEdge{Dir: ast.DirBoth}} }
    | MINUS_L_BRACKET match_edge_prop R_BRACKET_MINUS { $$ = withDir($2, ast.DirBoth) }
    | MINUS_L_BRACKET match_edge_prop R_BRACKET_R_ARROW { $$ = withDir($2, ast.DirOut) }
    | L_ARROW_L_BRACKET match_edge_prop R_BRACKET_MINUS { $$ = withDir($2, ast.DirIn) }
    | L_ARROW_L_BRACKET match_edge_prop R_BRACKET_R_ARROW { $$ = withDir($2, ast.DirBoth) }
    ;

match_edge_prop
    : match_alias opt_match_edge_type_list match_step_range {
        $$ = &edgePart{edge: &ast.MatchEdge{Alias: $1, Types: $2.([]string), Range: $3.(*ast.StepRange)}}
    }
    | match_alias opt_match_edge_type_list match_step_range map_expression {
        $$ = &edgePart{edge: &ast.MatchEdge{Alias: $1, Types: $2.([]string), Range: $3.(*ast.StepRange),
            Props: $4.(*ast.Map)}, depth: yyDollar[4].depth}
    }
    ;

opt_match_edge_type_list
    : /* empty */ { $$ = []string(nil) }
    | match_edge_type_list
    ;

match_step_range
    : /* empty */ { $$ = (*ast.StepRange)(nil) }
    | STAR { $$ = &ast.StepRange{Min: 1, Max: -1} }
    | STAR legal_integer { $$ = &ast.StepRange{Min: $2, Max: $2} }
    | STAR DOT_DOT legal_integer { $$ = &ast.StepRange{Min: 1, Max: $3} }
    | STAR legal_integer DOT_DOT { $$ = &ast.StepRange{Min: $2, Max: -1} }
    | STAR legal_integer DOT_DOT legal_integer { $$ = &ast.StepRange{Min: $2, Max: $4} }
    ;

match_edge_type_list
    : COLON name_label { $$ = []string{$2} }
    | match_edge_type_list PIPE name_label { $$ = append($1.([]string), $3) }
    | match_edge_type_list PIPE COLON name_label { $$ = append($1.([]string), $4) }
    ;

match_return
    : KW_RETURN match_return_items match_order_by match_skip match_limit {
        $$ = &ast.Return{Items: $2.(*ast.ReturnItems), OrderBy: $3.([]*ast.OrderFactor), Skip: $4, Limit: $5}
    }
    | KW_RETURN KW_DISTINCT match_return_items match_order_by match_skip match_limit {
        $$ = &ast.Return{Distinct: true, Items: $3.(*ast.ReturnItems), OrderBy: $4.([]*ast.OrderFactor),
            Skip: $5, Limit: $6}
    }
    ;

match_return_items
    : STAR { $$ = &ast.ReturnItems{Star: true} }
    | STAR COMMA yield_columns { $$ = &ast.ReturnItems{Star: true, Columns: $3.([]*ast.YieldColumn)} }
    | yield_columns { $$ = &ast.ReturnItems{Columns: $1.([]*ast.YieldColumn)} }
    ;

match_order_by
    : /* empty */ { $$ = []*ast.OrderFactor(nil) }
    | KW_ORDER KW_BY order_factors { $$ = $3 }
    ;

match_skip
    : /* empty */ { $$ = nil }
    | KW_SKIP expression { $$ = $2 }
    ;

match_limit
    : /* empty */ { $$ = nil }
    | KW_LIMIT expression { $$ = $2 }
    ;

service_client_item
    : L_PAREN host_item R_PAREN { $$ = &ast.ServiceClient{Host: $2.(*ast.HostAddr)} }
    | L_PAREN host_item COMMA KW_HTTP R_PAREN { $$ = &ast.ServiceClient{Host: $2.(*ast.HostAddr), ConnType: "http"} }
    | L_PAREN host_item COMMA KW_HTTPS R_PAREN { $$ = &ast.ServiceClient{Host: $2.(*ast.HostAddr), ConnType: "https"} }
    | L_PAREN host_item COMMA STRING COMMA STRING R_PAREN {
        $$ = &ast.ServiceClient{Host: $2.(*ast.HostAddr), User: $4, Password: $6, HasAuth: true}
    }
    | L_PAREN host_item COMMA KW_HTTP COMMA STRING COMMA STRING R_PAREN {
        $$ = &ast.ServiceClient{Host: $2.(*ast.HostAddr), ConnType: "http", User: $6, Password: $8, HasAuth: true}
    }
    | L_PAREN host_item COMMA KW_HTTPS COMMA STRING COMMA STRING R_PAREN {
        $$ = &ast.ServiceClient{Host: $2.(*ast.HostAddr), ConnType: "https", User: $6, Password: $8, HasAuth: true}
    }
    ;

service_client_list
    : service_client_item { $$ = []*ast.ServiceClient{$1.(*ast.ServiceClient)} }
    | service_client_list COMMA service_client_item { $$ = append($1.([]*ast.ServiceClient), $3.(*ast.ServiceClient)) }
    | service_client_list COMMA
    ;

sign_in_service_sentence
    : KW_SIGN KW_IN KW_TEXT KW_SERVICE service_client_list {
        $$ = &ast.SignInService{Clients: $5.([]*ast.ServiceClient)}
    }
    ;

sign_out_service_sentence
    : KW_SIGN KW_OUT KW_TEXT KW_SERVICE { $$ = &ast.SignOutService{} }
    ;

text_search_expression
    : KW_ES_QUERY L_PAREN name_label COMMA STRING R_PAREN { $$ = &ast.TextSearch{Index: $3, Query: $5} }
    ;

lookup_where_clause
    : /* empty */ { $$ = nil }
    | KW_WHERE text_search_expression { $$ = $2 }
    | KW_WHERE expression { $$ = $2 }
    ;

lookup_sentence
    : KW_LOOKUP KW_ON name_label lookup_where_clause yield_clause {
        $$ = &ast.Lookup{On: $3, Where: $4, Yield: $5.(*ast.YieldClause)}
    }
    ;

order_factor
    : expression { $$ = &ast.OrderFactor{Expr: $1} }
    | expression KW_ASC { $$ = &ast.OrderFactor{Expr: $1} }
    | expression KW_DESC { $$ = &ast.OrderFactor{Expr: $1, Desc: true} }
    | expression KW_ASCENDING { $$ = &ast.OrderFactor{Expr: $1} }
    | expression KW_DESCENDING { $$ = &ast.OrderFactor{Expr: $1, Desc: true} }
    ;

order_factors
    : order_factor { $$ = []*ast.OrderFactor{$1.(*ast.OrderFactor)} }
    | order_factors COMMA order_factor { $$ = append($1.([]*ast.OrderFactor), $3.(*ast.OrderFactor)) }
    ;

order_by_sentence
    : KW_ORDER KW_BY order_factors { $$ = &ast.OrderBy{Factors: $3.([]*ast.OrderFactor)} }
    ;

fetch_vertices_sentence
    : KW_FETCH KW_PROP KW_ON name_label_list vid_list yield_clause {
        $$ = &ast.FetchVertices{Tags: $4, From: &ast.VertexIDs{IDs: $5.([]ast.Expr)}, Yield: $6.(*ast.YieldClause)}
    }
    | KW_FETCH KW_PROP KW_ON name_label_list vid_ref_expression yield_clause {
        $$ = &ast.FetchVertices{Tags: $4, From: &ast.VertexIDs{Ref: $5}, Yield: $6.(*ast.YieldClause)}
    }
    | KW_FETCH KW_PROP KW_ON STAR vid_list yield_clause {
        $$ = &ast.FetchVertices{From: &ast.VertexIDs{IDs: $5.([]ast.Expr)}, Yield: $6.(*ast.YieldClause)}
    }
    | KW_FETCH KW_PROP KW_ON STAR vid_ref_expression yield_clause {
        $$ = &ast.FetchVertices{From: &ast.VertexIDs{Ref: $5}, Yield: $6.(*ast.YieldClause)}
    }
    ;

edge_key
    : vid R_ARROW vid AT rank { $$ = &ast.EdgeKey{Src: $1, Dst: $3, Rank: $5} }
    | vid R_ARROW vid { $$ = &ast.EdgeKey{Src: $1, Dst: $3} }
    ;

edge_keys
    : edge_key { $$ = []*ast.EdgeKey{$1.(*ast.EdgeKey)} }
    | edge_keys COMMA edge_key { $$ = append($1.([]*ast.EdgeKey), $3.(*ast.EdgeKey)) }
    ;

edge_key_ref
    : input_prop_expression R_ARROW input_prop_expression AT input_prop_expression {
        $$ = &ast.EdgeKeyRef{Src: $1, Dst: $3, Rank: $5}
    }
    | input_prop_expression R_ARROW input_prop_expression AT constant_expression {
        $$ = &ast.EdgeKeyRef{Src: $1, Dst: $3, Rank: $5}
    }
    | var_prop_expression R_ARROW var_prop_expression AT var_prop_expression {
        $$ = &ast.EdgeKeyRef{Src: $1, Dst: $3, Rank: $5}
    }
    | var_prop_expression R_ARROW var_prop_expression AT constant_expression {
        $$ = &ast.EdgeKeyRef{Src: $1, Dst: $3, Rank: $5}
    }
    | input_prop_expression R_ARROW input_prop_expression { $$ = &ast.EdgeKeyRef{Src: $1, Dst: $3} }
    | var_prop_expression R_ARROW var_prop_expression { $$ = &ast.EdgeKeyRef{Src: $1, Dst: $3} }
    ;

fetch_edges_sentence
    : KW_FETCH KW_PROP KW_ON name_label_list edge_keys yield_clause {
        $$ = &ast.FetchEdges{Edges: $4, Keys: $5.([]*ast.EdgeKey), Yield: $6.(*ast.YieldClause)}
    }
    | KW_FETCH KW_PROP KW_ON name_label_list edge_key_ref yield_clause {
        $$ = &ast.FetchEdges{Edges: $4, KeyRef: $5.(*ast.EdgeKeyRef), Yield: $6.(*ast.YieldClause)}
    }
    ;

fetch_sentence
    : fetch_vertices_sentence
    | fetch_edges_sentence
    ;

find_path_sentence
    : KW_FIND KW_ALL KW_PATH opt_with_properties from_clause to_clause over_clause where_clause find_path_upto_clause yield_clause {
        $$ = findPath(ast.FindAllPath, $4, $5, $6, $7, $8, $9, $10)
    }
    | KW_FIND KW_SHORTEST KW_PATH opt_with_properties from_clause to_clause over_clause where_clause find_path_upto_clause yield_clause {
        $$ = findPath(ast.FindShortestPath, $4, $5, $6, $7, $8, $9, $10)
    }
    | KW_FIND KW_SINGLE KW_SHORTEST KW_PATH opt_with_properties from_clause to_clause over_clause where_clause find_path_upto_clause yield_clause {
        $$ = findPath(ast.FindSingleShortestPath, $5, $6, $7, $8, $9, $10, $11)
    }
    | KW_FIND KW_NOLOOP KW_PATH opt_with_properties from_clause to_clause over_clause where_clause find_path_upto_clause yield_clause {
        $$ = findPath(ast.FindNoLoopPath, $4, $5, $6, $7, $8, $9, $10)
    }
    ;

opt_with_properties
    : /* empty */ { $$ = false }
    | KW_WITH KW_PROP { $$ = true }
    ;

find_path_upto_clause
    : /* empty */ { $$ = int64(ast.DefaultUpto) }
    | KW_UPTO legal_integer KW_STEPS { $$ = $2 }
    ;

to_clause
    : KW_TO vid_list { $$ = &ast.VertexIDs{IDs: $2.([]ast.Expr)} }
    | KW_TO vid_ref_expression {
        lx(yylex).noVariables(&yyDollar[2], "Parameter is not supported in to clause")
        $$ = &ast.VertexIDs{Ref: $2}
    }
    ;

limit_sentence
    : KW_LIMIT legal_integer { $$ = &ast.Limit{Count: $2} }
    | KW_LIMIT legal_integer COMMA legal_integer { $$ = &ast.Limit{Offset: $2, Count: $4} }
    | KW_LIMIT legal_integer KW_OFFSET legal_integer { $$ = &ast.Limit{Offset: $4, Count: $2} }
    | KW_OFFSET legal_integer KW_LIMIT legal_integer { $$ = &ast.Limit{Offset: $2, Count: $4} }
    ;

group_by_yield_clause
    : KW_YIELD yield_columns { $$ = &ast.YieldClause{Columns: $2.([]*ast.YieldColumn)} }
    | KW_YIELD KW_DISTINCT yield_columns { $$ = &ast.YieldClause{Distinct: true, Columns: $3.([]*ast.YieldColumn)} }
    ;

group_by_sentence
    : KW_GROUP KW_BY yield_columns group_by_yield_clause {
        $$ = &ast.GroupBy{Keys: $3.([]*ast.YieldColumn), Yield: $4.(*ast.YieldClause)}
    }
    ;

in_bound_clause
    : /* empty */ { $$ = []*ast.OverEdge(nil) }
    | KW_IN over_edges { $$ = $2 }
    ;

out_bound_clause
    : /* empty */ { $$ = []*ast.OverEdge(nil) }
    | KW_OUT over_edges { $$ = $2 }
    ;

both_in_out_clause
    : /* empty */ { $$ = []*ast.OverEdge(nil) }
    | KW_BOTH over_edges { $$ = $2 }
    ;

get_subgraph_sentence
    : KW_GET KW_SUBGRAPH opt_with_properties step_clause from_clause in_bound_clause out_bound_clause both_in_out_clause where_clause yield_clause {
        $$ = &ast.GetSubgraph{WithProp: $3, Steps: $4.(ast.Steps), From: $5.(*ast.VertexIDs),
            In: $6.([]*ast.OverEdge), Out: $7.([]*ast.OverEdge), Both: $8.([]*ast.OverEdge),
            Where: $9, Yield: $10.(*ast.YieldClause)}
    }
    ;

use_sentence
    : KW_USE name_label { $$ = &ast.Use{Space: $2} }
    ;

opt_if_not_exists
    : /* empty */ { $$ = false }
    | KW_IF KW_NOT KW_EXISTS { $$ = true }
    ;

opt_if_exists
    : /* empty */ { $$ = false }
    | KW_IF KW_EXISTS { $$ = true }
    ;

opt_create_schema_prop_list
    : /* empty */ { $$ = []*ast.SchemaOption(nil) }
    | create_schema_prop_list
    ;

opt_ignore_existed_index
    : /* empty */ { $$ = false }
    | KW_IGNORE_EXISTED_INDEX { $$ = true }
    ;

create_schema_prop_list
    : create_schema_prop_item { $$ = []*ast.SchemaOption{$1.(*ast.SchemaOption)} }
    | create_schema_prop_list COMMA create_schema_prop_item { $$ = append($1.([]*ast.SchemaOption), $3.(*ast.SchemaOption)) }
    ;

create_schema_prop_item
    : KW_TTL_DURATION ASSIGN legal_integer { $$ = &ast.SchemaOption{Kind: ast.TTLDuration, Int: $3} }
    | KW_TTL_COL ASSIGN STRING { $$ = &ast.SchemaOption{Kind: ast.TTLCol, Str: $3} }
    | comment_prop_assignment { $$ = &ast.SchemaOption{Kind: ast.SchemaComment, Str: $1} }
    ;

create_tag_sentence
    : KW_CREATE KW_TAG opt_if_not_exists name_label L_PAREN R_PAREN opt_create_schema_prop_list {
        $$ = &ast.CreateSchema{IfNotExists: $3, Name: $4, Options: $7.([]*ast.SchemaOption)}
    }
    | KW_CREATE KW_TAG opt_if_not_exists name_label L_PAREN column_spec_list R_PAREN opt_create_schema_prop_list {
        $$ = &ast.CreateSchema{IfNotExists: $3, Name: $4, Columns: $6.([]*ast.ColumnSpec), Options: $8.([]*ast.SchemaOption)}
    }
    | KW_CREATE KW_TAG opt_if_not_exists name_label L_PAREN column_spec_list COMMA R_PAREN opt_create_schema_prop_list {
        $$ = &ast.CreateSchema{IfNotExists: $3, Name: $4, Columns: $6.([]*ast.ColumnSpec), Options: $9.([]*ast.SchemaOption)}
    }
    ;

alter_tag_sentence
    : KW_ALTER KW_TAG name_label alter_schema_opt_list {
        $$ = &ast.AlterSchema{Name: $3, Ops: $4.([]*ast.AlterOp)}
    }
    | KW_ALTER KW_TAG name_label alter_schema_prop_list {
        $$ = &ast.AlterSchema{Name: $3, Options: $4.([]*ast.SchemaOption)}
    }
    | KW_ALTER KW_TAG name_label alter_schema_opt_list alter_schema_prop_list {
        $$ = &ast.AlterSchema{Name: $3, Ops: $4.([]*ast.AlterOp), Options: $5.([]*ast.SchemaOption)}
    }
    ;

alter_schema_opt_list
    : alter_schema_opt_item { $$ = []*ast.AlterOp{$1.(*ast.AlterOp)} }
    | alter_schema_opt_list COMMA alter_schema_opt_item { $$ = append($1.([]*ast.AlterOp), $3.(*ast.AlterOp)) }
    ;

alter_schema_opt_item
    : KW_ADD L_PAREN column_spec_list R_PAREN { $$ = &ast.AlterOp{Kind: ast.AlterAdd, Columns: $3.([]*ast.ColumnSpec)} }
    | KW_CHANGE L_PAREN column_spec_list R_PAREN { $$ = &ast.AlterOp{Kind: ast.AlterChange, Columns: $3.([]*ast.ColumnSpec)} }
    | KW_DROP L_PAREN column_name_list R_PAREN { $$ = &ast.AlterOp{Kind: ast.AlterDrop, Names: $3} }
    ;

alter_schema_prop_list
    : alter_schema_prop_item { $$ = []*ast.SchemaOption{$1.(*ast.SchemaOption)} }
    | alter_schema_prop_list COMMA alter_schema_prop_item { $$ = append($1.([]*ast.SchemaOption), $3.(*ast.SchemaOption)) }
    ;

alter_schema_prop_item
    : KW_TTL_DURATION ASSIGN legal_integer { $$ = &ast.SchemaOption{Kind: ast.TTLDuration, Int: $3} }
    | KW_TTL_COL ASSIGN STRING { $$ = &ast.SchemaOption{Kind: ast.TTLCol, Str: $3} }
    | comment_prop_assignment { $$ = &ast.SchemaOption{Kind: ast.SchemaComment, Str: $1} }
    ;

create_edge_sentence
    : KW_CREATE KW_EDGE opt_if_not_exists name_label L_PAREN R_PAREN opt_create_schema_prop_list {
        $$ = &ast.CreateSchema{Edge: true, IfNotExists: $3, Name: $4, Options: $7.([]*ast.SchemaOption)}
    }
    | KW_CREATE KW_EDGE opt_if_not_exists name_label L_PAREN column_spec_list R_PAREN opt_create_schema_prop_list {
        $$ = &ast.CreateSchema{Edge: true, IfNotExists: $3, Name: $4, Columns: $6.([]*ast.ColumnSpec), Options: $8.([]*ast.SchemaOption)}
    }
    | KW_CREATE KW_EDGE opt_if_not_exists name_label L_PAREN column_spec_list COMMA R_PAREN opt_create_schema_prop_list {
        $$ = &ast.CreateSchema{Edge: true, IfNotExists: $3, Name: $4, Columns: $6.([]*ast.ColumnSpec), Options: $9.([]*ast.SchemaOption)}
    }
    ;

alter_edge_sentence
    : KW_ALTER KW_EDGE name_label alter_schema_opt_list {
        $$ = &ast.AlterSchema{Edge: true, Name: $3, Ops: $4.([]*ast.AlterOp)}
    }
    | KW_ALTER KW_EDGE name_label alter_schema_prop_list {
        $$ = &ast.AlterSchema{Edge: true, Name: $3, Options: $4.([]*ast.SchemaOption)}
    }
    | KW_ALTER KW_EDGE name_label alter_schema_opt_list alter_schema_prop_list {
        $$ = &ast.AlterSchema{Edge: true, Name: $3, Ops: $4.([]*ast.AlterOp), Options: $5.([]*ast.SchemaOption)}
    }
    ;

column_name_list
    : name_label { $$ = []string{$1} }
    | column_name_list COMMA name_label { $$ = append($1, $3) }
    ;

column_spec_list
    : column_spec { $$ = []*ast.ColumnSpec{$1.(*ast.ColumnSpec)} }
    | column_spec_list COMMA column_spec { $$ = append($1.([]*ast.ColumnSpec), $3.(*ast.ColumnSpec)) }
    ;

column_spec
    : name_label type_spec { $$ = &ast.ColumnSpec{Name: $1, Type: $2.(*ast.ColumnType)} }
    | name_label type_spec column_properties {
        $$ = &ast.ColumnSpec{Name: $1, Type: $2.(*ast.ColumnType), Props: $3.([]*ast.ColumnProp)}
    }
    ;

column_properties
    : column_property { $$ = []*ast.ColumnProp{$1.(*ast.ColumnProp)} }
    | column_properties column_property { $$ = append($1.([]*ast.ColumnProp), $2.(*ast.ColumnProp)) }
    ;

column_property
    : KW_NULL { $$ = &ast.ColumnProp{Kind: ast.PropNull} }
    | KW_NOT KW_NULL { $$ = &ast.ColumnProp{Kind: ast.PropNotNull} }
    | KW_DEFAULT expression { $$ = &ast.ColumnProp{Kind: ast.PropDefault, Default: $2} }
    | comment_prop { $$ = &ast.ColumnProp{Kind: ast.PropComment, Comment: $1} }
    ;

describe_user_sentence
    : KW_DESCRIBE KW_USER name_label { $$ = &ast.DescribeUser{Name: $3} }
    | KW_DESC KW_USER name_label { $$ = &ast.DescribeUser{Name: $3} }
    ;

describe_tag_sentence
    : KW_DESCRIBE KW_TAG name_label { $$ = &ast.DescribeSchema{Name: $3} }
    | KW_DESC KW_TAG name_label { $$ = &ast.DescribeSchema{Name: $3} }
    ;

describe_edge_sentence
    : KW_DESCRIBE KW_EDGE name_label { $$ = &ast.DescribeSchema{Edge: true, Name: $3} }
    | KW_DESC KW_EDGE name_label { $$ = &ast.DescribeSchema{Edge: true, Name: $3} }
    ;

drop_tag_sentence
    : KW_DROP KW_TAG opt_if_exists name_label { $$ = &ast.DropSchema{IfExists: $3, Name: $4} }
    ;

drop_edge_sentence
    : KW_DROP KW_EDGE opt_if_exists name_label { $$ = &ast.DropSchema{Edge: true, IfExists: $3, Name: $4} }
    ;

index_field
    : name_label { $$ = &ast.IndexField{Name: $1} }
    | name_label L_PAREN INTEGER R_PAREN {
        lx(yylex).checkLength(&yyDollar[3])
        $$ = &ast.IndexField{Name: $1, Length: $3}
    }
    ;

index_field_list
    : index_field { $$ = []*ast.IndexField{$1.(*ast.IndexField)} }
    | index_field_list COMMA index_field { $$ = append($1.([]*ast.IndexField), $3.(*ast.IndexField)) }
    ;

opt_index_field_list
    : /* empty */ { $$ = []*ast.IndexField(nil) }
    | index_field_list
    ;

create_tag_index_sentence
    : KW_CREATE KW_TAG KW_INDEX opt_if_not_exists name_label KW_ON name_label L_PAREN opt_index_field_list R_PAREN opt_with_index_param_list opt_comment_prop {
        $$ = &ast.CreateIndex{IfNotExists: $4, Name: $5, On: $7, Fields: $9.([]*ast.IndexField),
            Params: $11.([]*ast.IndexParam), Comment: $12.(*string)}
    }
    ;

create_edge_index_sentence
    : KW_CREATE KW_EDGE KW_INDEX opt_if_not_exists name_label KW_ON name_label L_PAREN opt_index_field_list R_PAREN opt_with_index_param_list opt_comment_prop {
        $$ = &ast.CreateIndex{Edge: true, IfNotExists: $4, Name: $5, On: $7, Fields: $9.([]*ast.IndexField),
            Params: $11.([]*ast.IndexParam), Comment: $12.(*string)}
    }
    ;

opt_analyzer
    : /* empty */ { $$ = "" }
    | KW_ANALYZER ASSIGN STRING { $$ = $3 }
    ;

create_fulltext_index_sentence
    : KW_CREATE KW_FULLTEXT KW_TAG KW_INDEX name_label KW_ON name_label L_PAREN name_label_list R_PAREN opt_analyzer {
        $$ = &ast.CreateFTIndex{Name: $5, On: $7, Fields: $9, Analyzer: $11}
    }
    | KW_CREATE KW_FULLTEXT KW_EDGE KW_INDEX name_label KW_ON name_label L_PAREN name_label_list R_PAREN opt_analyzer {
        $$ = &ast.CreateFTIndex{Edge: true, Name: $5, On: $7, Fields: $9, Analyzer: $11}
    }
    ;

drop_fulltext_index_sentence
    : KW_DROP KW_FULLTEXT KW_INDEX name_label { $$ = &ast.DropFTIndex{Name: $4} }
    ;

comment_prop_assignment
    : KW_COMMENT ASSIGN STRING { lx(yylex).checkComment(&yyDollar[3]); $$ = $3 }
    ;

comment_prop
    : KW_COMMENT STRING { lx(yylex).checkComment(&yyDollar[2]); $$ = $2 }
    ;

opt_comment_prop
    : /* empty */ { $$ = (*string)(nil) }
    | comment_prop { s := $1; $$ = &s }
    ;

opt_with_index_param_list
    : /* empty */ { $$ = []*ast.IndexParam(nil) }
    | KW_WITH L_PAREN index_param_list R_PAREN { $$ = $3 }
    ;

index_param_list
    : index_param_item { $$ = []*ast.IndexParam{$1.(*ast.IndexParam)} }
    | index_param_list COMMA index_param_item { $$ = append($1.([]*ast.IndexParam), $3.(*ast.IndexParam)) }
    ;

index_param_item
    : KW_S2_MAX_LEVEL ASSIGN legal_integer {
        if $3 < 0 || $3 > 30 {
            lx(yylex).fail(yyDollar[3].span, "'s2_max_level' value must be between 0 and 30 inclusive")
        }
        $$ = &ast.IndexParam{Kind: ast.S2MaxLevel, Value: $3}
    }
    | KW_S2_MAX_CELLS ASSIGN legal_integer {
        if $3 < 1 || $3 > 32 {
            lx(yylex).fail(yyDollar[3].span, "'s2_max_cells' value must be between 1 and 32 inclusive")
        }
        $$ = &ast.IndexParam{Kind: ast.S2MaxCells, Value: $3}
    }
    ;

drop_tag_index_sentence
    : KW_DROP KW_TAG KW_INDEX opt_if_exists name_label { $$ = &ast.DropIndex{IfExists: $4, Name: $5} }
    ;

drop_edge_index_sentence
    : KW_DROP KW_EDGE KW_INDEX opt_if_exists name_label { $$ = &ast.DropIndex{Edge: true, IfExists: $4, Name: $5} }
    ;

describe_tag_index_sentence
    : KW_DESCRIBE KW_TAG KW_INDEX name_label { $$ = &ast.DescribeIndex{Name: $4} }
    | KW_DESC KW_TAG KW_INDEX name_label { $$ = &ast.DescribeIndex{Name: $4} }
    ;

describe_edge_index_sentence
    : KW_DESCRIBE KW_EDGE KW_INDEX name_label { $$ = &ast.DescribeIndex{Edge: true, Name: $4} }
    | KW_DESC KW_EDGE KW_INDEX name_label { $$ = &ast.DescribeIndex{Edge: true, Name: $4} }
    ;

rebuild_tag_index_sentence
    : KW_REBUILD KW_TAG KW_INDEX name_label_list {
        $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdRebuildTagIndex, Params: $4}
    }
    | KW_REBUILD KW_TAG KW_INDEX { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdRebuildTagIndex} }
    ;

rebuild_edge_index_sentence
    : KW_REBUILD KW_EDGE KW_INDEX name_label_list {
        $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdRebuildEdgeIndex, Params: $4}
    }
    | KW_REBUILD KW_EDGE KW_INDEX { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdRebuildEdgeIndex} }
    ;

rebuild_fulltext_index_sentence
    : KW_REBUILD KW_FULLTEXT KW_INDEX { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdRebuildFulltext} }
    ;

add_hosts_sentence
    : KW_ADD KW_HOSTS host_list { $$ = &ast.AddHosts{Hosts: $3.([]*ast.HostAddr)} }
    | KW_ADD KW_HOSTS host_list KW_INTO KW_ZONE name_label {
        $$ = &ast.AddHosts{Hosts: $3.([]*ast.HostAddr), Zone: $6}
    }
    | KW_ADD KW_HOSTS host_list KW_INTO KW_NEW KW_ZONE name_label {
        $$ = &ast.AddHosts{Hosts: $3.([]*ast.HostAddr), Zone: $7, NewZone: true}
    }
    ;

drop_hosts_sentence
    : KW_DROP KW_HOSTS host_list { $$ = &ast.DropHosts{Hosts: $3.([]*ast.HostAddr)} }
    ;

merge_zone_sentence
    : KW_MERGE KW_ZONE zone_name_list KW_INTO name_label { $$ = &ast.MergeZone{Zones: $3, Into: $5} }
    ;

drop_zone_sentence
    : KW_DROP KW_ZONE name_label { $$ = &ast.DropZone{Name: $3} }
    ;

zone_item
    : name_label L_PAREN host_list R_PAREN { $$ = &ast.ZoneItem{Name: $1, Hosts: $3.([]*ast.HostAddr)} }
    ;

zone_item_list
    : zone_item { $$ = []*ast.ZoneItem{$1.(*ast.ZoneItem)} }
    | zone_item_list zone_item { $$ = append($1.([]*ast.ZoneItem), $2.(*ast.ZoneItem)) }
    ;

divide_zone_sentence
    : KW_DIVIDE KW_ZONE name_label KW_INTO zone_item_list {
        $$ = &ast.DivideZone{Name: $3, Into: $5.([]*ast.ZoneItem)}
    }
    ;

rename_zone_sentence
    : KW_RENAME KW_ZONE name_label KW_TO name_label { $$ = &ast.RenameZone{From: $3, To: $5} }
    ;

desc_zone_sentence
    : KW_DESCRIBE KW_ZONE name_label { $$ = &ast.DescribeZone{Name: $3} }
    | KW_DESC KW_ZONE name_label { $$ = &ast.DescribeZone{Name: $3} }
    ;

traverse_sentence
    : L_PAREN set_sentence R_PAREN { $$ = $2 }
    | go_sentence
    | lookup_sentence
    | group_by_sentence
    | order_by_sentence
    | fetch_sentence
    | find_path_sentence
    | yield_sentence
    | get_subgraph_sentence
    | delete_vertex_sentence
    | delete_tag_sentence
    | delete_edge_sentence
    | show_queries_sentence
    | kill_query_sentence
    | describe_user_sentence
    | unwind_sentence
    | show_sentence
    | kill_session_sentence
    ;

piped_sentence
    : traverse_sentence
    | piped_sentence PIPE traverse_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.Pipe{Left: $1, Right: $3} }
    | piped_sentence PIPE limit_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.Pipe{Left: $1, Right: $3} }
    ;

set_sentence
    : piped_sentence
    | set_sentence KW_UNION KW_ALL piped_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Union, Left: $1, Right: $4} }
    | set_sentence KW_UNION piped_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Union, Distinct: true, Left: $1, Right: $3} }
    | set_sentence KW_UNION KW_DISTINCT piped_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Union, Distinct: true, Left: $1, Right: $4} }
    | set_sentence KW_INTERSECT piped_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Intersect, Left: $1, Right: $3} }
    | set_sentence KW_MINUS piped_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Minus, Left: $1, Right: $3} }
    ;

match_sentences
    : match_sentence
    | match_sentences KW_UNION KW_ALL match_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Union, Left: $1, Right: $4} }
    | match_sentences KW_UNION match_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Union, Distinct: true, Left: $1, Right: $3} }
    | match_sentences KW_UNION KW_DISTINCT match_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Union, Distinct: true, Left: $1, Right: $4} }
    | match_sentences KW_INTERSECT match_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Intersect, Left: $1, Right: $3} }
    | match_sentences KW_MINUS match_sentence { lx(yylex).countStatement(&yyVAL); $$ = &ast.SetOp{Op: ast.Minus, Left: $1, Right: $3} }
    ;

assignment_sentence
    : VARIABLE ASSIGN set_sentence {
        lx(yylex).checkAssignment(&yyDollar[1])
        $$ = &ast.Assignment{Var: $1, Stmt: $3}
    }
    ;

insert_vertex_sentence
    : KW_INSERT KW_VERTEX opt_if_not_exists opt_ignore_existed_index vertex_tag_list KW_VALUES vertex_row_list {
        $$ = &ast.InsertVertices{IfNotExists: $3, IgnoreExistedIndex: $4, Tags: $5.([]*ast.VertexTag), Rows: $7.([]*ast.VertexRow)}
    }
    | KW_INSERT KW_VERTEX opt_if_not_exists opt_ignore_existed_index KW_VALUES vertex_row_list {
        $$ = &ast.InsertVertices{IfNotExists: $3, IgnoreExistedIndex: $4, Rows: $6.([]*ast.VertexRow)}
    }
    ;

vertex_tag_list
    : vertex_tag_item { $$ = []*ast.VertexTag{$1.(*ast.VertexTag)} }
    | vertex_tag_list COMMA vertex_tag_item { $$ = append($1.([]*ast.VertexTag), $3.(*ast.VertexTag)) }
    ;

vertex_tag_item
    : name_label { $$ = &ast.VertexTag{Name: $1, AllProps: true} }
    | name_label L_PAREN R_PAREN { $$ = &ast.VertexTag{Name: $1} }
    | name_label L_PAREN prop_list R_PAREN { $$ = &ast.VertexTag{Name: $1, Props: $3} }
    ;

prop_list
    : name_label { $$ = []string{$1} }
    | prop_list COMMA name_label { $$ = append($1, $3) }
    | prop_list COMMA
    ;

vertex_row_list
    : vertex_row_item { $$ = []*ast.VertexRow{$1.(*ast.VertexRow)} }
    | vertex_row_list COMMA vertex_row_item { $$ = append($1.([]*ast.VertexRow), $3.(*ast.VertexRow)) }
    ;

vertex_row_item
    : vid COLON L_PAREN R_PAREN { $$ = &ast.VertexRow{VID: $1} }
    | vid COLON L_PAREN value_list R_PAREN { $$ = &ast.VertexRow{VID: $1, Values: $4} }
    ;

value_list
    : expression { $$ = []ast.Expr{$1} }
    | value_list COMMA expression { $$ = append($1, $3) }
    | value_list COMMA
    ;

insert_edge_sentence
    : KW_INSERT KW_EDGE opt_if_not_exists opt_ignore_existed_index name_label KW_VALUES edge_row_list {
        $$ = &ast.InsertEdges{IfNotExists: $3, IgnoreExistedIndex: $4, Edge: $5, AllProps: true, Rows: $7.([]*ast.EdgeRow)}
    }
    | KW_INSERT KW_EDGE opt_if_not_exists opt_ignore_existed_index name_label L_PAREN R_PAREN KW_VALUES edge_row_list {
        $$ = &ast.InsertEdges{IfNotExists: $3, IgnoreExistedIndex: $4, Edge: $5, Rows: $9.([]*ast.EdgeRow)}
    }
    | KW_INSERT KW_EDGE opt_if_not_exists opt_ignore_existed_index name_label L_PAREN prop_list R_PAREN KW_VALUES edge_row_list {
        $$ = &ast.InsertEdges{IfNotExists: $3, IgnoreExistedIndex: $4, Edge: $5, Props: $7, Rows: $10.([]*ast.EdgeRow)}
    }
    ;

edge_row_list
    : edge_row_item { $$ = []*ast.EdgeRow{$1.(*ast.EdgeRow)} }
    | edge_row_list COMMA edge_row_item { $$ = append($1.([]*ast.EdgeRow), $3.(*ast.EdgeRow)) }
    ;

edge_row_item
    : vid R_ARROW vid COLON L_PAREN R_PAREN { $$ = &ast.EdgeRow{Src: $1, Dst: $3} }
    | vid R_ARROW vid COLON L_PAREN value_list R_PAREN { $$ = &ast.EdgeRow{Src: $1, Dst: $3, Values: $6} }
    | vid R_ARROW vid AT rank COLON L_PAREN R_PAREN { $$ = &ast.EdgeRow{Src: $1, Dst: $3, Rank: $5} }
    | vid R_ARROW vid AT rank COLON L_PAREN value_list R_PAREN { $$ = &ast.EdgeRow{Src: $1, Dst: $3, Rank: $5, Values: $8} }
    ;

rank
    : unary_integer
    ;

update_list
    : update_item { $$ = []*ast.UpdateItem{$1.(*ast.UpdateItem)} }
    | update_list COMMA update_item { $$ = append($1.([]*ast.UpdateItem), $3.(*ast.UpdateItem)) }
    ;

update_item
    : name_label ASSIGN expression { $$ = &ast.UpdateItem{Prop: $1, Value: $3} }
    | name_label DOT name_label ASSIGN expression { $$ = &ast.UpdateItem{Schema: $1, Prop: $3, Value: $5} }
    ;

update_vertex_sentence
    : KW_UPDATE KW_VERTEX vid KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateVertex{VIDs: []ast.Expr{$3}, Set: $5.([]*ast.UpdateItem), When: $6, Yield: $7.(*ast.YieldClause)}
    }
    | KW_UPSERT KW_VERTEX vid KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateVertex{Upsert: true, VIDs: []ast.Expr{$3}, Set: $5.([]*ast.UpdateItem), When: $6, Yield: $7.(*ast.YieldClause)}
    }
    | KW_UPDATE KW_VERTEX KW_ON name_label vid_list KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateVertex{Tag: $4, VIDs: $5.([]ast.Expr), Set: $7.([]*ast.UpdateItem), When: $8, Yield: $9.(*ast.YieldClause)}
    }
    | KW_UPSERT KW_VERTEX KW_ON name_label vid_list KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateVertex{Upsert: true, Tag: $4, VIDs: $5.([]ast.Expr), Set: $7.([]*ast.UpdateItem), When: $8, Yield: $9.(*ast.YieldClause)}
    }
    ;

update_edge_sentence
    : KW_UPDATE KW_EDGE edge_key KW_OF name_label KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateEdge{Legacy: true, Keys: []*ast.EdgeKey{$3.(*ast.EdgeKey)}, Edge: $5, Set: $7.([]*ast.UpdateItem), When: $8, Yield: $9.(*ast.YieldClause)}
    }
    | KW_UPSERT KW_EDGE edge_key KW_OF name_label KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateEdge{Upsert: true, Legacy: true, Keys: []*ast.EdgeKey{$3.(*ast.EdgeKey)}, Edge: $5, Set: $7.([]*ast.UpdateItem), When: $8, Yield: $9.(*ast.YieldClause)}
    }
    | KW_UPDATE KW_EDGE KW_ON name_label edge_keys KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateEdge{Edge: $4, Keys: $5.([]*ast.EdgeKey), Set: $7.([]*ast.UpdateItem), When: $8, Yield: $9.(*ast.YieldClause)}
    }
    | KW_UPSERT KW_EDGE KW_ON name_label edge_keys KW_SET update_list when_clause yield_clause {
        $$ = &ast.UpdateEdge{Upsert: true, Edge: $4, Keys: $5.([]*ast.EdgeKey), Set: $7.([]*ast.UpdateItem), When: $8, Yield: $9.(*ast.YieldClause)}
    }
    ;

delete_vertex_sentence
    : KW_DELETE KW_VERTEX vid_list { $$ = &ast.DeleteVertices{IDs: &ast.VertexIDs{IDs: $3.([]ast.Expr)}} }
    | KW_DELETE KW_VERTEX vid_ref_expression { $$ = &ast.DeleteVertices{IDs: &ast.VertexIDs{Ref: $3}} }
    | KW_DELETE KW_VERTEX delete_vertex_with_edge_sentence { $$ = $3 }
    ;

delete_vertex_with_edge_sentence
    : vid_list KW_WITH KW_EDGE { $$ = &ast.DeleteVertices{IDs: &ast.VertexIDs{IDs: $1.([]ast.Expr)}, WithEdge: true} }
    | vid_ref_expression KW_WITH KW_EDGE { $$ = &ast.DeleteVertices{IDs: &ast.VertexIDs{Ref: $1}, WithEdge: true} }
    ;

delete_tag_sentence
    : KW_DELETE KW_TAG name_label_list KW_FROM vid_list {
        $$ = &ast.DeleteTags{Tags: $3, IDs: &ast.VertexIDs{IDs: $5.([]ast.Expr)}}
    }
    | KW_DELETE KW_TAG STAR KW_FROM vid_list { $$ = &ast.DeleteTags{IDs: &ast.VertexIDs{IDs: $5.([]ast.Expr)}} }
    | KW_DELETE KW_TAG name_label_list KW_FROM vid_ref_expression {
        $$ = &ast.DeleteTags{Tags: $3, IDs: &ast.VertexIDs{Ref: $5}}
    }
    | KW_DELETE KW_TAG STAR KW_FROM vid_ref_expression { $$ = &ast.DeleteTags{IDs: &ast.VertexIDs{Ref: $5}} }
    ;

download_sentence
    : KW_DOWNLOAD KW_HDFS STRING { $$ = &ast.Download{URL: $3} }
    ;

ingest_sentence
    : KW_INGEST { $$ = &ast.Ingest{} }
    ;

delete_edge_sentence
    : KW_DELETE KW_EDGE name_label edge_keys { $$ = &ast.DeleteEdges{Edge: $3, Keys: $4.([]*ast.EdgeKey)} }
    | KW_DELETE KW_EDGE name_label edge_key_ref { $$ = &ast.DeleteEdges{Edge: $3, KeyRef: $4.(*ast.EdgeKeyRef)} }
    ;

admin_job_sentence
    : KW_SUBMIT KW_JOB KW_COMPACT { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdCompact} }
    | KW_SUBMIT KW_JOB KW_FLUSH { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdFlush} }
    | KW_SUBMIT KW_JOB KW_DOWNLOAD KW_HDFS STRING { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdDownload, Params: []string{$5}} }
    | KW_SUBMIT KW_JOB KW_INGEST { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdIngest} }
    | KW_SUBMIT KW_JOB KW_STATS { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdStats} }
    | KW_SHOW KW_JOBS { $$ = &ast.AdminJob{Op: ast.JobShowAll} }
    | KW_SHOW KW_JOB legal_integer { $$ = &ast.AdminJob{Op: ast.JobShow, Params: []string{itoa($3)}} }
    | KW_STOP KW_JOB legal_integer { $$ = &ast.AdminJob{Op: ast.JobStop, Params: []string{itoa($3)}} }
    | KW_RECOVER KW_JOB { $$ = &ast.AdminJob{Op: ast.JobRecover} }
    | KW_RECOVER KW_JOB integer_list { $$ = &ast.AdminJob{Op: ast.JobRecover, Params: $3} }
    | KW_SUBMIT KW_JOB KW_BALANCE KW_LEADER { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdLeaderBalance} }
    | KW_SUBMIT KW_JOB KW_BALANCE KW_DATA { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdDataBalance} }
    | KW_SUBMIT KW_JOB KW_BALANCE KW_DATA KW_REMOVE host_list {
        $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdDataBalance, Params: hostStrings($6.([]*ast.HostAddr))}
    }
    ;

show_queries_sentence
    : KW_SHOW KW_LOCAL KW_QUERIES { $$ = &ast.Show{Kind: ast.ShowQueries, Local: true} }
    | KW_SHOW KW_QUERIES { $$ = &ast.Show{Kind: ast.ShowQueries} }
    ;

show_sentence
    : KW_SHOW KW_HOSTS { $$ = &ast.Show{Kind: ast.ShowHosts} }
    | KW_SHOW KW_HOSTS list_host_type { $$ = &ast.Show{Kind: ast.ShowHosts, Role: $3} }
    | KW_SHOW KW_SPACES { $$ = &ast.Show{Kind: ast.ShowSpaces} }
    | KW_SHOW KW_PARTS { $$ = &ast.Show{Kind: ast.ShowParts} }
    | KW_SHOW KW_PART integer_list { $$ = &ast.Show{Kind: ast.ShowParts, IDs: atois($3)} }
    | KW_SHOW KW_PARTS integer_list { $$ = &ast.Show{Kind: ast.ShowParts, IDs: atois($3)} }
    | KW_SHOW KW_TAGS { $$ = &ast.Show{Kind: ast.ShowTags} }
    | KW_SHOW KW_EDGES { $$ = &ast.Show{Kind: ast.ShowEdges} }
    | KW_SHOW KW_TAG KW_INDEXES { $$ = &ast.Show{Kind: ast.ShowTagIndexes} }
    | KW_SHOW KW_TAG KW_INDEXES KW_BY name_label { $$ = &ast.Show{Kind: ast.ShowTagIndexes, Name: $5} }
    | KW_SHOW KW_EDGE KW_INDEXES { $$ = &ast.Show{Kind: ast.ShowEdgeIndexes} }
    | KW_SHOW KW_EDGE KW_INDEXES KW_BY name_label { $$ = &ast.Show{Kind: ast.ShowEdgeIndexes, Name: $5} }
    | KW_SHOW KW_USERS { $$ = &ast.Show{Kind: ast.ShowUsers} }
    | KW_SHOW KW_ROLES KW_IN name_label { $$ = &ast.Show{Kind: ast.ShowRoles, Name: $4} }
    | KW_SHOW KW_CONFIGS show_config_item { $$ = &ast.Show{Kind: ast.ShowConfigs, Role: $3.(string)} }
    | KW_SHOW KW_CREATE KW_SPACE name_label { $$ = &ast.Show{Kind: ast.ShowCreateSpace, Name: $4} }
    | KW_SHOW KW_CREATE KW_TAG name_label { $$ = &ast.Show{Kind: ast.ShowCreateTag, Name: $4} }
    | KW_SHOW KW_CREATE KW_TAG KW_INDEX name_label { $$ = &ast.Show{Kind: ast.ShowCreateTagIndex, Name: $5} }
    | KW_SHOW KW_CREATE KW_EDGE name_label { $$ = &ast.Show{Kind: ast.ShowCreateEdge, Name: $4} }
    | KW_SHOW KW_CREATE KW_EDGE KW_INDEX name_label { $$ = &ast.Show{Kind: ast.ShowCreateEdgeIndex, Name: $5} }
    | KW_SHOW KW_TAG KW_INDEX KW_STATUS { $$ = &ast.Show{Kind: ast.ShowTagIndexStatus} }
    | KW_SHOW KW_EDGE KW_INDEX KW_STATUS { $$ = &ast.Show{Kind: ast.ShowEdgeIndexStatus} }
    | KW_SHOW KW_SNAPSHOTS { $$ = &ast.Show{Kind: ast.ShowSnapshots} }
    | KW_SHOW KW_CHARSET { $$ = &ast.Show{Kind: ast.ShowCharset} }
    | KW_SHOW KW_COLLATION { $$ = &ast.Show{Kind: ast.ShowCollation} }
    | KW_SHOW KW_ZONES { $$ = &ast.Show{Kind: ast.ShowZones} }
    | KW_SHOW KW_STATS { $$ = &ast.Show{Kind: ast.ShowStats} }
    | KW_SHOW KW_TEXT KW_SEARCH KW_CLIENTS { $$ = &ast.Show{Kind: ast.ShowTextSearchClients} }
    | KW_SHOW KW_FULLTEXT KW_INDEXES { $$ = &ast.Show{Kind: ast.ShowFulltextIndexes} }
    | KW_SHOW KW_SESSIONS { $$ = &ast.Show{Kind: ast.ShowSessions} }
    | KW_SHOW KW_LOCAL KW_SESSIONS { $$ = &ast.Show{Kind: ast.ShowSessions, Local: true} }
    | KW_SHOW KW_SESSION legal_integer { $$ = &ast.Show{Kind: ast.ShowSession, IDs: []int64{$3}} }
    | KW_SHOW KW_META KW_LEADER { $$ = &ast.Show{Kind: ast.ShowMetaLeader} }
    ;

list_host_type
    : KW_GRAPH { $$ = "GRAPH" }
    | KW_META { $$ = "META" }
    | KW_STORAGE { $$ = "STORAGE" }
    | KW_AGENT { $$ = "AGENT" }
    | KW_STORAGE KW_LISTENER { $$ = "STORAGE LISTENER" }
    ;

config_module_enum
    : KW_GRAPH { $$ = "GRAPH" }
    | KW_META { $$ = "META" }
    | KW_STORAGE { $$ = "STORAGE" }
    ;

get_config_item
    : config_module_enum COLON name_label { $$ = &ast.GetConfig{Module: $1, Name: $3} }
    | name_label { $$ = &ast.GetConfig{Name: $1} }
    ;

set_config_item
    : config_module_enum COLON name_label ASSIGN expression { $$ = &ast.SetConfig{Module: $1, Name: $3, Value: $5} }
    | name_label ASSIGN expression { $$ = &ast.SetConfig{Name: $1, Value: $3} }
    | config_module_enum COLON name_label ASSIGN L_BRACE update_list R_BRACE {
        $$ = &ast.SetConfig{Module: $1, Name: $3, Items: $6.([]*ast.UpdateItem)}
    }
    | name_label ASSIGN L_BRACE update_list R_BRACE { $$ = &ast.SetConfig{Name: $1, Items: $4.([]*ast.UpdateItem)} }
    ;

show_config_item
    : /* empty */ { $$ = "" }
    | config_module_enum { $$ = $1 }
    ;

zone_name_list
    : name_label { $$ = []string{$1} }
    | zone_name_list COMMA name_label { $$ = append($1, $3) }
    ;

alter_space_sentence
    : KW_ALTER KW_SPACE name_label KW_ADD KW_ZONE name_label_list { $$ = &ast.AlterSpace{Name: $3, AddZones: $6} }
    ;

create_space_sentence
    : KW_CREATE KW_SPACE opt_if_not_exists name_label { $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4} }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label comment_prop_assignment {
        c := $5
        $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4, Comment: &c}
    }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label KW_ON zone_name_list {
        $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4, Zones: $6}
    }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label KW_ON zone_name_list comment_prop_assignment {
        c := $7
        $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4, Zones: $6, Comment: &c}
    }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label L_PAREN space_opt_list R_PAREN {
        $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4, Options: $6.([]*ast.SpaceOption)}
    }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label L_PAREN space_opt_list R_PAREN comment_prop_assignment {
        c := $8
        $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4, Options: $6.([]*ast.SpaceOption), Comment: &c}
    }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label L_PAREN space_opt_list R_PAREN KW_ON zone_name_list {
        $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4, Options: $6.([]*ast.SpaceOption), Zones: $9}
    }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label L_PAREN space_opt_list R_PAREN KW_ON zone_name_list comment_prop_assignment {
        c := $10
        $$ = &ast.CreateSpace{IfNotExists: $3, Name: $4, Options: $6.([]*ast.SpaceOption), Zones: $9, Comment: &c}
    }
    | KW_CREATE KW_SPACE opt_if_not_exists name_label KW_AS name_label {
        $$ = &ast.CreateSpaceAs{IfNotExists: $3, Name: $4, From: $6}
    }
    ;

describe_space_sentence
    : KW_DESCRIBE KW_SPACE name_label { $$ = &ast.DescribeSpace{Name: $3} }
    | KW_DESC KW_SPACE name_label { $$ = &ast.DescribeSpace{Name: $3} }
    ;

space_opt_list
    : space_opt_item { $$ = []*ast.SpaceOption{$1.(*ast.SpaceOption)} }
    | space_opt_list COMMA space_opt_item { $$ = append($1.([]*ast.SpaceOption), $3.(*ast.SpaceOption)) }
    | space_opt_list COMMA
    ;

space_opt_item
    : KW_PARTITION_NUM ASSIGN legal_integer { $$ = &ast.SpaceOption{Kind: ast.PartitionNum, Int: $3} }
    | KW_REPLICA_FACTOR ASSIGN legal_integer { $$ = &ast.SpaceOption{Kind: ast.ReplicaFactor, Int: $3} }
    | KW_CHARSET ASSIGN name_label { $$ = &ast.SpaceOption{Kind: ast.Charset, Str: $3} }
    | KW_COLLATE ASSIGN name_label { $$ = &ast.SpaceOption{Kind: ast.Collate, Str: $3} }
    | KW_VID_TYPE ASSIGN type_spec { $$ = &ast.SpaceOption{Kind: ast.VidType, Type: $3.(*ast.ColumnType)} }
    | KW_ATOMIC_EDGE ASSIGN BOOL { $$ = &ast.SpaceOption{Kind: ast.AtomicEdge, Bool: $3} }
    ;

drop_space_sentence
    : KW_DROP KW_SPACE opt_if_exists name_label { $$ = &ast.DropSpace{IfExists: $3, Name: $4} }
    ;

clear_space_sentence
    : KW_CLEAR KW_SPACE opt_if_exists name_label { $$ = &ast.DropSpace{Clear: true, IfExists: $3, Name: $4} }
    ;

create_user_sentence
    : KW_CREATE KW_USER opt_if_not_exists name_label KW_WITH KW_PASSWORD STRING {
        $$ = &ast.CreateUser{IfNotExists: $3, Name: $4, Password: $7, HasPassword: true}
    }
    | KW_CREATE KW_USER opt_if_not_exists name_label { $$ = &ast.CreateUser{IfNotExists: $3, Name: $4} }
    ;

alter_user_sentence
    : KW_ALTER KW_USER name_label KW_WITH KW_PASSWORD STRING { $$ = &ast.AlterUser{Name: $3, Password: $6} }
    ;

drop_user_sentence
    : KW_DROP KW_USER opt_if_exists name_label { $$ = &ast.DropUser{IfExists: $3, Name: $4} }
    ;

change_password_sentence
    : KW_CHANGE KW_PASSWORD name_label KW_FROM STRING KW_TO STRING {
        $$ = &ast.ChangePassword{Name: $3, Old: $5, New: $7}
    }
    ;

role_type_clause
    : KW_GOD { $$ = "GOD" }
    | KW_ADMIN { $$ = "ADMIN" }
    | KW_DBA { $$ = "DBA" }
    | KW_USER { $$ = "USER" }
    | KW_GUEST { $$ = "GUEST" }
    ;

acl_item_clause
    : KW_ROLE role_type_clause KW_ON name_label { $$ = &ast.GrantRole{Role: $2, Space: $4} }
    | role_type_clause KW_ON name_label { $$ = &ast.GrantRole{Role: $1, Space: $3} }
    ;

grant_sentence
    : KW_GRANT acl_item_clause KW_TO name_label {
        g := $2.(*ast.GrantRole)
        g.User = $4
        $$ = g
    }
    ;

revoke_sentence
    : KW_REVOKE acl_item_clause KW_FROM name_label {
        g := $2.(*ast.GrantRole)
        g.Revoke = true
        g.User = $4
        $$ = g
    }
    ;

get_config_sentence
    : KW_GET KW_CONFIGS get_config_item { $$ = $3.(*ast.GetConfig) }
    ;

set_config_sentence
    : KW_UPDATE KW_CONFIGS set_config_item { $$ = $3.(*ast.SetConfig) }
    ;

host_list
    : host_item { $$ = []*ast.HostAddr{$1.(*ast.HostAddr)} }
    | host_list COMMA host_item { $$ = append($1.([]*ast.HostAddr), $3.(*ast.HostAddr)) }
    | host_list COMMA
    ;

host_item
    : IPV4 COLON port { $$ = &ast.HostAddr{Host: $1, Port: $3} }
    | STRING COLON port { $$ = &ast.HostAddr{Host: $1, Port: $3} }
    ;

port
    : INTEGER {
        if $1 > math.MaxUint16 {
            lx(yylex).fail(yyDollar[1].span, "Out of range:")
        }
    }
    ;

integer_list
    : legal_integer { $$ = []string{itoa($1)} }
    | integer_list COMMA INTEGER { $$ = append($1, itoa($3)) }
    | integer_list COMMA
    ;

balance_sentence
    : KW_BALANCE KW_LEADER { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdLeaderBalance} }
    | KW_BALANCE KW_DATA { $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdDataBalance} }
    | KW_BALANCE KW_DATA KW_REMOVE host_list {
        $$ = &ast.AdminJob{Op: ast.JobAdd, Cmd: ast.CmdDataBalance, Params: hostStrings($4.([]*ast.HostAddr))}
    }
    ;

create_snapshot_sentence
    : KW_CREATE KW_SNAPSHOT { $$ = &ast.CreateSnapshot{} }
    ;

drop_snapshot_sentence
    : KW_DROP KW_SNAPSHOT name_label { $$ = &ast.DropSnapshot{Name: $3} }
    ;

add_listener_sentence
    : KW_ADD KW_LISTENER KW_ELASTICSEARCH host_list { $$ = &ast.AddListener{Hosts: $4.([]*ast.HostAddr)} }
    ;

remove_listener_sentence
    : KW_REMOVE KW_LISTENER KW_ELASTICSEARCH { $$ = &ast.RemoveListener{} }
    ;

list_listener_sentence
    : KW_SHOW KW_LISTENER { $$ = &ast.Show{Kind: ast.ShowListener} }
    ;

kill_query_sentence
    : KW_KILL KW_QUERY L_PAREN query_unique_identifier R_PAREN { $$ = $4.(*ast.KillQuery) }
    ;

kill_session_sentence
    : KW_KILL KW_SESSIONS expression { $$ = &ast.KillSession{Sessions: $3} }
    | KW_KILL KW_SESSION expression { $$ = &ast.KillSession{Sessions: $3} }
    ;

query_unique_identifier_value
    : legal_integer { $$ = &ast.IntLiteral{Value: $1} }
    | input_prop_expression
    ;

query_unique_identifier
    : KW_PLAN ASSIGN query_unique_identifier_value { $$ = &ast.KillQuery{Plan: $3} }
    | KW_SESSION ASSIGN query_unique_identifier_value COMMA KW_PLAN ASSIGN query_unique_identifier_value {
        $$ = &ast.KillQuery{Session: $3, Plan: $7}
    }
    | KW_PLAN ASSIGN query_unique_identifier_value COMMA KW_SESSION ASSIGN query_unique_identifier_value {
        $$ = &ast.KillQuery{Session: $7, Plan: $3}
    }
    ;

mutate_sentence
    : insert_vertex_sentence
    | insert_edge_sentence
    | update_vertex_sentence
    | update_edge_sentence
    | download_sentence
    | ingest_sentence
    | admin_job_sentence
    ;

maintain_sentence
    : create_space_sentence
    | describe_space_sentence
    | alter_space_sentence
    | drop_space_sentence
    | clear_space_sentence
    | create_tag_sentence
    | create_edge_sentence
    | alter_tag_sentence
    | alter_edge_sentence
    | describe_tag_sentence
    | describe_edge_sentence
    | drop_tag_sentence
    | drop_edge_sentence
    | create_tag_index_sentence
    | create_edge_index_sentence
    | create_fulltext_index_sentence
    | drop_tag_index_sentence
    | drop_edge_index_sentence
    | drop_fulltext_index_sentence
    | describe_tag_index_sentence
    | describe_edge_index_sentence
    | rebuild_tag_index_sentence
    | rebuild_edge_index_sentence
    | rebuild_fulltext_index_sentence
    | add_hosts_sentence
    | drop_hosts_sentence
    | merge_zone_sentence
    | drop_zone_sentence
    | divide_zone_sentence
    | rename_zone_sentence
    | desc_zone_sentence
    | create_user_sentence
    | alter_user_sentence
    | drop_user_sentence
    | change_password_sentence
    | grant_sentence
    | revoke_sentence
    | get_config_sentence
    | set_config_sentence
    | balance_sentence
    | add_listener_sentence
    | remove_listener_sentence
    | list_listener_sentence
    | create_snapshot_sentence
    | drop_snapshot_sentence
    | sign_in_service_sentence
    | sign_out_service_sentence
    ;

sentence
    : maintain_sentence { lx(yylex).countStatement(&yyDollar[1]) }
    | use_sentence { lx(yylex).countStatement(&yyDollar[1]) }
    | set_sentence { lx(yylex).countStatement(&yyDollar[1]) }
    | assignment_sentence { lx(yylex).countStatement(&yyDollar[1]) }
    | mutate_sentence { lx(yylex).countStatement(&yyDollar[1]) }
    | match_sentences { lx(yylex).countStatement(&yyDollar[1]) }
    ;

seq_sentences
    : sentence { $$ = &ast.Sequence{Stmts: []ast.Stmt{$1}} }
    | seq_sentences SEMICOLON sentence {
        s := $1.(*ast.Sequence)
        s.Stmts = append(s.Stmts, $3)
        $$ = s
    }
    | seq_sentences SEMICOLON
    | /* empty */ { $$ = &ast.Sequence{} }
    ;

explain_sentence
    : KW_EXPLAIN sentence { $$ = &ast.Explain{Body: &ast.Sequence{Stmts: []ast.Stmt{$2}}} }
    | KW_EXPLAIN KW_FORMAT ASSIGN STRING sentence {
        $$ = &ast.Explain{Format: $4, Body: &ast.Sequence{Stmts: []ast.Stmt{$5}}}
    }
    | KW_EXPLAIN L_BRACE seq_sentences R_BRACE { $$ = &ast.Explain{Braced: true, Body: $3.(*ast.Sequence)} }
    | KW_EXPLAIN KW_FORMAT ASSIGN STRING L_BRACE seq_sentences R_BRACE {
        $$ = &ast.Explain{Format: $4, Braced: true, Body: $6.(*ast.Sequence)}
    }
    | KW_PROFILE sentence { $$ = &ast.Explain{Profile: true, Body: &ast.Sequence{Stmts: []ast.Stmt{$2}}} }
    | KW_PROFILE KW_FORMAT ASSIGN STRING sentence {
        $$ = &ast.Explain{Profile: true, Format: $4, Body: &ast.Sequence{Stmts: []ast.Stmt{$5}}}
    }
    | KW_PROFILE L_BRACE seq_sentences R_BRACE { $$ = &ast.Explain{Profile: true, Braced: true, Body: $3.(*ast.Sequence)} }
    | KW_PROFILE KW_FORMAT ASSIGN STRING L_BRACE seq_sentences R_BRACE {
        $$ = &ast.Explain{Profile: true, Format: $4, Braced: true, Body: $6.(*ast.Sequence)}
    }
    | explain_sentence SEMICOLON
    ;

sentences
    : seq_sentences { lx(yylex).result = $1.(*ast.Sequence) }
    | explain_sentence { lx(yylex).result = &ast.Sequence{Stmts: []ast.Stmt{$1.(*ast.Explain)}} }
    | START_EXPR expression { lx(yylex).expr = $2 }
    ;

%%
