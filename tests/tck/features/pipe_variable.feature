# NovaGraph's own conformance cases: pipes, variables and set operations over
# constant inputs, so that they run without any space. The messages are
# NebulaGraph's (src/graph/validator), the same the reference features check
# behind GO queries.
Feature: Pipes, variables and set operations without a space

  Background:
    Given an empty graph

  Scenario: pipe input columns
    When executing query:
      """
      (YIELD 1 AS a, "x" AS b UNION ALL YIELD 2 AS a, "y" AS b) | YIELD $-.b AS b WHERE $-.a > 1
      """
    Then the result should be, in any order:
      | b   |
      | "y" |
    When executing query:
      """
      YIELD 1 AS a, "x" AS b | YIELD $-.b WHERE 1 == 1
      """
    Then the result should be, in any order:
      | $-.b |
      | "x"  |
    When executing query:
      """
      YIELD 1 AS a, 2 AS b | YIELD $-.*
      """
    Then the result should be, in any order:
      | $-.a | $-.b |
      | 1    | 2    |
    When executing query:
      """
      YIELD 1 AS a | YIELD $-.a + 1 AS a | YIELD $-.a * 10 AS a
      """
    Then the result should be, in order:
      | a  |
      | 20 |

  Scenario: variables
    When executing query:
      """
      $var = YIELD 1 AS a, "x" AS b; YIELD $var.b
      """
    Then the result should be, in any order:
      | $var.b |
      | "x"    |
    When executing query:
      """
      $var = YIELD 1 AS a UNION ALL YIELD 2 AS a UNION ALL YIELD 3 AS a; YIELD $var.a AS a WHERE $var.a > 1
      """
    Then the result should be, in any order:
      | a |
      | 2 |
      | 3 |
    When executing query:
      """
      $a = YIELD 1 AS x; $b = YIELD $a.x + 1 AS y; YIELD $b.y * 2 AS z
      """
    Then the result should be, in any order:
      | z |
      | 4 |

  Scenario: pipe and variable errors
    When executing query:
      """
      $var = YIELD 1 AS a; YIELD $var.a WHERE $-.a > 1
      """
    Then a SemanticError should be raised at runtime: Not support both input and variable.
    When executing query:
      """
      $var = YIELD 1 AS a; YIELD $var.a WHERE $var1.a > 1
      """
    Then a SemanticError should be raised at runtime: Only one variable allowed to use.
    When executing query:
      """
      $var = YIELD 1 AS a; YIELD $var.abc
      """
    Then a SemanticError should be raised at runtime: `$var.abc', not exist prop `abc'
    When executing query:
      """
      YIELD 1 AS a | YIELD $-.abc
      """
    Then a SemanticError should be raised at runtime: `$-.abc', not exist prop `abc'
    When executing query:
      """
      YIELD $v
      """
    Then a SyntaxError should be raised at runtime: Direct output of variable is prohibited near `$v'

  Scenario: set operations
    # A pipe binds tighter than a set operation (parser.yy: set_sentence is
    # built from piped_sentences).
    When executing query:
      """
      YIELD 1 AS a UNION ALL YIELD 2 AS a | YIELD $-.a + 10 AS a
      """
    Then the result should be, in any order:
      | a  |
      | 1  |
      | 12 |
    When executing query:
      """
      YIELD 1 AS a UNION YIELD 1 AS a UNION YIELD 2 AS a
      """
    Then the result should be, in any order:
      | a |
      | 1 |
      | 2 |
    When executing query:
      """
      YIELD 1 AS a UNION ALL YIELD 1 AS a
      """
    Then the result should be, in any order:
      | a |
      | 1 |
      | 1 |
    When executing query:
      """
      YIELD 1 AS a UNION ALL YIELD 2 AS a INTERSECT YIELD 2 AS a
      """
    Then the result should be, in any order:
      | a |
      | 2 |
    When executing query:
      """
      YIELD 1 AS a UNION ALL YIELD 2 AS a MINUS YIELD 2 AS a
      """
    Then the result should be, in any order:
      | a |
      | 1 |
    When executing query:
      """
      YIELD 1 AS a MINUS YIELD 1 AS a
      """
    Then the result should be, in any order:
      | a |
    When executing query:
      """
      YIELD 1 AS a UNION YIELD 1 AS b
      """
    Then a SemanticError should be raised at runtime: different column names to UNION/INTERSECT/MINUS are not supported
    When executing query:
      """
      YIELD 1 AS a UNION YIELD 1 AS a, 2 AS b
      """
    Then a SemanticError should be raised at runtime: number of columns to UNION/INTERSECT/MINUS must be same

  Scenario: order, limit and group by after a pipe
    When executing query:
      """
      (YIELD 3 AS a UNION ALL YIELD 1 AS a UNION ALL YIELD 2 AS a) | ORDER BY $-.a DESC | LIMIT 2
      """
    Then the result should be, in order:
      | a |
      | 3 |
      | 2 |
    When executing query:
      """
      (YIELD 3 AS a UNION ALL YIELD 1 AS a UNION ALL YIELD 2 AS a) | ORDER BY $-.a | LIMIT 1, 2
      """
    Then the result should be, in order:
      | a |
      | 2 |
      | 3 |
    When executing query:
      """
      (YIELD 1 AS a UNION ALL YIELD 1 AS a UNION ALL YIELD 2 AS a) | GROUP BY $-.a YIELD $-.a AS a, count(*) AS n
      """
    Then the result should be, in any order:
      | a | n |
      | 1 | 2 |
      | 2 | 1 |

  Scenario: arithmetic edge cases
    When executing query:
      """
      YIELD 7 / 2 AS a, -7 / 2 AS b, 7 % 3 AS c, 7.0 / 2 AS d, 1 + 1
      """
    Then the result should be, in any order:
      | a | b  | c | d   | (1+1) |
      | 3 | -3 | 1 | 3.5 | 2     |
    When executing query:
      """
      YIELD 9223372036854775807 + 1
      """
    Then a SemanticError should be raised at runtime: result of (9223372036854775807+1) cannot be represented as an integer
    When executing query:
      """
      YIELD 1 / 0
      """
    Then a SemanticError should be raised at runtime: Divide by 0
