from teitools.ingest.text import PB, PB_IN_WORD, join_lines, normalize, vocabulary


def test_soft_hyphen_always_joins():
    assert join_lines(["the indi¬", "vidual"], set()) == "the individual"


def test_hard_hyphen_joins_only_where_the_joined_form_is_a_word():
    vocab = vocabulary(["Marxism-Leninism is named here", "and manifestation there"])
    assert join_lines(["every manifesta-", "tion of it"], vocab) == "every manifestation of it"
    assert join_lines(["of Marxism-", "Leninism"], vocab) == "of Marxism-Leninism"
    assert join_lines(["anti-", "Soviet"], set()) == "anti-Soviet"
    assert join_lines(["the con-", "fessions"], set()) == "the confessions"
    assert join_lines(["self-", "sacrificing"], set()) == "self-sacrificing"


def test_a_page_break_inside_a_word_is_marked_as_such():
    assert join_lines(["a sen-", PB, "tence"], set()) == f"a sen{PB_IN_WORD}tence"
    assert join_lines(["a sentence", PB, "goes on"], set()) == f"a sentence {PB}goes on"


def test_quotes_dashes_spaces_and_ellipses_are_normalized():
    assert normalize("He said \"yes\" -- and 'no' .") == "He said “yes”—and ‘no’."
    assert normalize("Tumultuous , prolonged applause .") == "Tumultuous, prolonged applause."
    assert normalize("apparatus .. . torture") == "apparatus . . . torture"
    assert normalize("‘‘quoted’’ and Stalin's") == "“quoted” and Stalin’s"
