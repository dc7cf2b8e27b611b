# Scenarios whose names state the outcome the runner must give them on a
# graphd without storage; runner_test.go checks it.
Feature: Runner outcomes

  Scenario: passed: result in any order
    Given an empty graph
    When executing query:
      """
      YIELD 1 AS a UNION ALL YIELD 2 AS a
      """
    Then the result should be, in any order:
      | a |
      | 2 |
      | 1 |

  Scenario: failed: wrong value
    Given an empty graph
    When executing query:
      """
      YIELD 1 AS a
      """
    Then the result should be, in any order:
      | a |
      | 2 |

  Scenario: failed: wrong order
    Given an empty graph
    When executing query:
      """
      (YIELD 1 AS a UNION ALL YIELD 2 AS a) | ORDER BY $-.a
      """
    Then the result should be, in order:
      | a |
      | 2 |
      | 1 |

  Scenario: passed: error class and message prefix
    Given an empty graph
    When executing query:
      """
      YIELD 1 +
      """
    Then a SyntaxError should be raised at runtime: syntax error near
    When executing query:
      """
      YIELD 1 +
      """
    Then an SyntaxError should be raised at runtime.

  Scenario: failed: error class
    Given an empty graph
    When executing query:
      """
      YIELD 1 +
      """
    Then a SemanticError should be raised at runtime: syntax error

  Scenario: unsupported: unknown step
    Given an empty graph
    When something only a person could do
    Then the execution should be successful

  Scenario: unsupported: data set-up without storage
    Given an empty graph
    And having executed:
      """
      CREATE TAG t(a int)
      """
    When executing query:
      """
      YIELD 1
      """
    Then the execution should be successful

  Scenario: passed: expressions without the space
    Given a graph with space named "mini"
    When executing query:
      """
      RETURN 1 + 2 AS s
      """
    Then the result should be, in any order:
      | s |
      | 3 |

  Scenario: unsupported: query needing the space
    Given a graph with space named "mini"
    When executing query:
      """
      FETCH PROP ON person "ann" YIELD person.name
      """
    Then the result should be, in any order:
      | person.name |

  # A statement naming ttl_duration makes a scenario real-time: a failed
  # run is tried again, a passed one is not.
  Scenario: failed: real-time, tried again
    Given an empty graph
    When executing query:
      """
      YIELD "ttl_duration" AS a
      """
    Then the result should be, in any order:
      | a       |
      | "other" |

  Scenario: passed: real-time, run once
    Given an empty graph
    When executing query:
      """
      YIELD "ttl_duration" AS a
      """
    Then the result should be, in any order:
      | a              |
      | "ttl_duration" |

  @skip
  Scenario: skipped: tagged
    Given an empty graph
    When executing query:
      """
      YIELD 1
      """
    Then the execution should be successful

  Scenario Outline: passed: outline <n>
    Given an empty graph
    Given parameters: {"p": 10}
    When executing query:
      """
      RETURN $p + <n> AS v
      """
    Then the result should be, in any order:
      | v   |
      | <v> |

    Examples:
      | n | v  |
      | 1 | 11 |
      | 2 | 12 |

  Scenario: passed: a compatible client version is accepted
    Given nothing
    When connecting the servers with a compatible client version
    Then the connection should be established

  Scenario: failed: an incompatible client version is not established
    Given nothing
    When connecting the servers with a client version of 100.0.0
    Then the connection should be established

  Scenario: passed: an incompatible client version is rejected
    Given nothing
    When connecting the servers with a client version of 100.0.0
    Then the connection should be rejected

  Scenario: unsupported: a dedicated cluster needs a starter
    Given a nebulacluster with 2 graphd and 1 metad and 1 storaged and 0 listener
    When executing query:
      """
      YIELD 1
      """
    Then the execution should be successful
