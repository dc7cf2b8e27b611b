# NovaGraph's own conformance cases for query parameters sent with
# ExecuteWithParameter, without any space.
Feature: Parameters without a space

  Background:
    Given an empty graph
    Given parameters: {"i": 41, "f": 2.5, "s": "ab", "b": true, "l": [1, 2, 3], "m": {"k": {"n": 7}}}

  Scenario: parameters in expressions
    When executing query:
      """
      RETURN $i + 1 AS i, $f * 2 AS f, $s + "c" AS s, NOT $b AS b, size($l) AS l, $m.k.n AS n
      """
    Then the result should be, in any order:
      | i  | f   | s     | b     | l | n |
      | 42 | 5.0 | "abc" | false | 3 | 7 |
    When executing query:
      """
      YIELD [x IN $l WHERE x > 1 | x * $i] AS l, $l[0] AS first
      """
    Then the result should be, in any order:
      | l        | first |
      | [82, 123] | 1     |

  Scenario: parameters across a pipe and a variable
    When executing query:
      """
      YIELD $i AS a | YIELD $-.a + $i AS b
      """
    Then the result should be, in any order:
      | b  |
      | 82 |
    When executing query:
      """
      $v = YIELD $s AS s; YIELD $v.s + $s AS s
      """
    Then the result should be, in any order:
      | s      |
      | "abab" |

  Scenario: parameters cannot be output directly
    When executing query:
      """
      RETURN $nope AS v
      """
    Then a SyntaxError should be raised at runtime: Direct output of variable is prohibited near `$nope'
