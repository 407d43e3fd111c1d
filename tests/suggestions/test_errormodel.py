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


def test_a_channel_learns_which_slips_writers_make():
    from orfo.suggestions.channel import _align, learn

    assert _align("recieve", "receive") == [("swap", "e", "i")]
    assert _align("adress", "address") == [("del", "d", "d")]
    pairs = [("recieve", "receive"), ("beleive", "believe"), ("adress", "address")]
    model = learn(pairs * 10 + [("cat", "cat")])
    assert model.distance("peice", "piece") < model.distance("pxece", "piece")
    assert model.distance("acress", "across") > model.distance("acros", "across")


def test_english_is_ranked_by_a_channel_learned_from_real_misspellings():
    from orfo.suggestions import lexicon

    en = lexicon.get("en").channel
    assert en is not None and lexicon.get("ru").channel is None
    assert en.distance("seperate", "separate") < en.distance("sepxrate", "separate")
    assert en.distance("begining", "beginning") < en.distance("beginnxng", "beginning")
