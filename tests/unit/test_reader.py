"""Every reader in the registry has the shape :mod:`send_core.reading.reader` describes."""

from __future__ import annotations

import inspect

import pytest

from send_core.reading import READERS


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.name)
def test_each_reader_has_a_name_a_description_a_detect_and_a_read(reader):
    assert reader.name and reader.description and reader.description[0].isupper()
    assert isinstance(reader.reads_whole_file, bool)
    assert list(inspect.signature(reader.detect).parameters) == ["opened" if reader.reads_whole_file else "sheet"]
    expected = ["opened", "detection", "options"] if reader.reads_whole_file else ["sheet", "detection", "collector"]
    assert list(inspect.signature(reader.read).parameters) == expected


def test_reader_names_are_unique():
    names = [reader.name for reader in READERS]
    assert len(names) == len(set(names))
