from orfo.suggestions.errormodel import distance


def test_identical_words_cost_nothing():
    assert distance("город", "город") == 0


def test_common_slips_cost_less_than_a_random_edit():
    random_edit = distance("cat", "cxt")
    assert distance("cat", "cst") < random_edit  # neighbouring key... s is next to a
    assert distance("hte", "the") < random_edit  # swapped letters
    assert distance("adress", "address") < random_edit  # a dropped double letter
    assert distance("кала", "қала") < 0.1  # a Kazakh look-alike
    assert distance("елка", "ёлка") < 0.1


def test_costs_add_up():
    assert distance("pm", "zq") == 2
    assert distance("", "bcd") == 3
