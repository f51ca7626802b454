"""The diff's pairing: the candidate index (large lists) pairs as comparing every pair does (issue 20 item 6)."""

from __future__ import annotations

import random

import pytest

from drafting.workflows import diff

WORDS = (
    "tổ chức đoàn công tác trao đổi kinh nghiệm hợp tác giáo dục y tế văn hóa thể thao du lịch thương mại "
    "đầu tư nông nghiệp biên giới cửa khẩu lao động đào tạo học bổng tiếng Việt Lào Savannakhet Champasak "
    "hội nghị hội thảo ký kết biên bản thỏa thuận tỉnh huyện sở ngành năm giai đoạn chương trình dự án "
    "xúc tiến quảng bá sản phẩm an ninh quốc phòng phân giới cắm mốc di cư hôn nhân kiểm dịch"
).split()


def _titles(rng: random.Random, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + f" số {len(out) + 1}")
    return sorted(out, key=lambda _t: rng.random())


def _mutate(rng: random.Random, title: str) -> str:
    words = title.split()
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(("sửa", "thêm", "bỏ"))
        k = rng.randrange(len(words))
        if op == "sửa":
            words[k] = rng.choice(WORDS)
        elif op == "thêm":
            words.insert(k, rng.choice(WORDS))
        elif len(words) > 3:
            del words[k]
    return " ".join(words)


def _pair_every_way(old: list[str], new: list[str]) -> tuple:
    saved = diff._ALL_PAIRS
    try:
        diff._ALL_PAIRS = 10**12  # compare every pair: the reference
        reference = diff._pair(old, new, lambda s: s)
        diff._ALL_PAIRS = 0  # always the index
        indexed = diff._pair(old, new, lambda s: s)
    finally:
        diff._ALL_PAIRS = saved
    return reference, indexed


@pytest.mark.parametrize("seed", range(12))
def test_the_index_pairs_as_comparing_every_pair(seed):
    rng = random.Random(seed)
    old = _titles(rng, rng.randint(20, 160))
    share = rng.choice((0.01, 0.2, 1.0))  # a few tasks reworded, a fifth, all of them
    new = [_mutate(rng, t) if rng.random() < share else t for t in old]
    rng.shuffle(new)
    new = new[: len(new) - rng.randint(0, 5)] + _titles(random.Random(seed + 1000), rng.randint(0, 5))
    reference, indexed = _pair_every_way(old, new)
    assert indexed == reference
    assert reference[0], "the lists share tasks: some must be paired"


def test_every_task_reworded_pairs_each_with_its_own():
    old = [f"Nhiệm vụ số {k}: trao đổi đoàn, chia sẻ kinh nghiệm quản lý nhà nước" for k in range(300)]
    new = [t.replace("trao đổi đoàn", "trao đổi các đoàn công tác") for t in old]
    pairs, removed, added = diff._pair(old, new, lambda s: s)
    assert pairs == [(k, k) for k in range(300)]
    assert (removed, added) == ([], [])


def test_few_unmatched_items_are_all_compared():
    old = ["Hội nghị biên giới", "Đào tạo tiếng Việt cho học viên Lào"]
    new = ["Hội nghị biên giới năm 2027", "Đào tạo tiếng Việt cho học viên Lào tại tỉnh"]
    assert diff._pair(old, new, lambda s: s) == ([(0, 0), (1, 1)], [], [])
