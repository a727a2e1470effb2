"""Sliders: the static one is self-contained and reproducible; the live one redraws."""

import re

import numpy as np
import pytest

from course_lib.widgets import StaticSlider, slider


def draw_line(fig, value):
    ax = fig.add_subplot()
    x = np.linspace(0, 1, 20)
    ax.plot(x, value * x)
    ax.set_ylim(0, 3)
    ax.set_title(f"slope {value}")


def test_static_slider_has_one_frame_per_value():
    s = slider(draw_line, [0.5, 1.0, 2.0], label="slope", start=1.0, alt="A line of slope {value}")
    assert isinstance(s, StaticSlider)
    assert len(s.frames) == 3 and all(f.startswith(b"\x89PNG") for f in s.frames)
    assert len(set(s.frames)) == 3  # each value draws a different picture
    page = s._repr_html_()
    assert page.count("<img") == 3 and page.count(" hidden>") == 2
    assert 'type="range" min="0" max="2" step="1" value="1"' in page
    assert "<output>1</output>" in page and 'alt="A line of slope 2"' in page
    assert "<script>" in page and "http" not in page  # nothing loaded from the network


def test_static_slider_is_reproducible():
    # Stored notebook outputs are compared by nbval: the HTML must not change between runs.
    first = slider(draw_line, [1.0, 2.0], label="slope")._repr_html_()
    second = slider(draw_line, [1.0, 2.0], label="slope")._repr_html_()
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", first.split("base64,")[0])  # no random ids


def test_live_slider_redraws_on_change():
    box = slider(draw_line, [0.5, 1.0, 2.0], label="slope", live=True)
    control, image = box.children
    assert [label for label, _ in control.options] == ["0.5", "1", "2"]
    assert control.value == 0.5
    first = image.value
    control.value = 2.0
    assert image.value != first and bytes(image.value).startswith(b"\x89PNG")


def test_slider_rejects_bad_input():
    with pytest.raises(TypeError, match="draw must be a function"):
        slider("not a function", [1.0], label="x")
    with pytest.raises(ValueError, match="values is empty"):
        slider(draw_line, [], label="x")
    with pytest.raises(ValueError, match="values must look different"):
        slider(draw_line, [0.101, 0.102], label="x", fmt="{:.1f}")
    with pytest.raises(ValueError, match=r"start must be one of values \[1.0, 2.0\]"):
        slider(draw_line, [1.0, 2.0], label="x", start=3.0)
