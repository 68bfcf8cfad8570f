"""The HTML animation of animate_selection, opened in a real headless Chromium.

``test_plotting.py`` checks the HTML text; here a browser runs the page's
JavaScript player (matplotlib's ``to_jshtml``): every frame image must decode
to a non-blank picture, the slider and the buttons must step through the
frames, and a screenshot of the page must show the plot. Skipped when no
Chromium or Chrome binary is installed (``.ci/install-chromium`` installs one
on Debian and Ubuntu).
"""

import html
import json
import os
import re
import shutil
import signal
import subprocess

import numpy as np
import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
N_EPOCHS = 4
# Each browser run takes about a second; a hung browser must not hang CI.
TIMEOUT = 12


def _browser():
    override = os.environ.get("SKCURRIC_BROWSER")
    if override:
        return shutil.which(override)
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


BROWSER = _browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason=f"no headless browser found (looked for {', '.join(BROWSERS)}); "
    "run .ci/install-chromium to install Debian's chromium",
)

# Appended to a copy of the page: waits for the player (to_jshtml creates it
# in a setTimeout), waits for every frame image to load, draws each on a
# canvas, drives the controls, and writes what it saw into the DOM as JSON.
# Image loads (not Image.decode(), which virtual time does not wait for) keep
# --virtual-time-budget from ending the page before the frames are in.
HARNESS = r"""
<script>
(function () {
  function report(obj) {
    var pre = document.createElement("pre");
    pre.id = "skcurric-report";
    pre.textContent = JSON.stringify(obj);
    document.body.appendChild(pre);
  }
  function start(tries) {
    var img = document.querySelector(".animation img");
    var anim = img && window["anim" + img.id.replace("_anim_img", "")];
    if (!anim && tries > 0) {
      setTimeout(function () { start(tries - 1); }, 50);
      return;
    }
    var out = {};
    try {
      var frames = anim.frames;
      out.n_frames = frames.length;
      out.buttons = Array.from(
        document.querySelectorAll(".anim-buttons button")
      ).map(function (b) { return b.title; });
      var slider = document.querySelector("input.anim-slider");
      out.slider_max = Number(slider.max);
      function shown() {
        return frames.findIndex(function (f) { return f.src === img.src; });
      }
      Promise.all(frames.map(function (f) {
        return f.complete ? Promise.resolve() : new Promise(function (ok, fail) {
          f.addEventListener("load", ok);
          f.addEventListener("error", fail);
        });
      })).then(function () {
        out.sizes = frames.map(function (f) {
          return [f.naturalWidth, f.naturalHeight];
        });
        var canvas = document.createElement("canvas");
        var ctx = canvas.getContext("2d", {willReadFrequently: true});
        out.colours = [];
        out.non_white = [];
        out.checksums = [];
        frames.forEach(function (f) {
          canvas.width = f.naturalWidth;
          canvas.height = f.naturalHeight;
          ctx.drawImage(f, 0, 0);
          var d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          var seen = new Set(), dark = 0, sum = 0;
          for (var i = 0; i < d.length; i += 4) {
            seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            if (Math.min(d[i], d[i + 1], d[i + 2]) < 250) { dark += 1; }
            sum = (sum * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) % 1000000007;
          }
          out.colours.push(seen.size);
          out.non_white.push(dark / (d.length / 4));
          out.checksums.push(sum);
        });
        var steps = [shown()];
        var next = document.querySelector('button[title="Next frame"]');
        for (var i = 1; i < frames.length; i++) {
          next.click();
          steps.push(shown());
        }
        out.next_steps = steps;
        slider.value = "1";
        slider.dispatchEvent(new Event("input"));
        out.after_scrub = shown();
        document.querySelector('button[title="First frame"]').click();
        document.querySelector('button[title="Play"]').click();
        setTimeout(function () {
          out.after_play = anim.current_frame;
          document.querySelector('button[title="Pause"]').click();
          var paused = anim.current_frame;
          setTimeout(function () {
            out.paused_stays = anim.current_frame === paused;
            report(out);
          }, 3 * anim.interval);
        }, 1.5 * anim.interval);
      }).catch(function (err) { out.error = String(err); report(out); });
    } catch (err) {
      out.error = String(err);
      report(out);
    }
  }
  window.addEventListener("load", function () { start(40); });
})();
</script>
"""


def _run_browser(tmp_path, url, *args):
    """Run the headless browser; fail (never hang) after TIMEOUT seconds."""
    profile = tmp_path / "profile"
    cmd = [
        BROWSER,
        "--headless",
        "--no-sandbox",  # CI containers run as root, where the sandbox refuses
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # The player links font-awesome from a CDN: no network in tests.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        *args,
        url,
    ]
    # A session of its own, so that a timeout kills the renderer processes too.
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"{BROWSER} did not finish within {TIMEOUT} s: {cmd}")
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def animation_page(tmp_path_factory):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from skcurric import SelfPacedClassifier
    from skcurric.datasets import make_curriculum_dataset
    from skcurric.plotting import animate_selection

    X, y, _ = make_curriculum_dataset(60, cluster_std=1.5, random_state=0)
    path = tmp_path_factory.mktemp("animation") / "selection.html"
    anim = animate_selection(
        X,
        y,
        SelfPacedClassifier(lambda_init=0.5, random_state=0),
        n_epochs=N_EPOCHS,
        path=path,
        figsize=(3, 2.5),
    )
    fig = anim._fig
    size = tuple(int(round(v)) for v in fig.get_size_inches() * fig.dpi)
    plt.close(fig)
    return path, size


def test_frames_load_and_controls_work_in_chromium(animation_page, tmp_path):
    path, (width, height) = animation_page
    page = tmp_path / "with_harness.html"
    page.write_text(path.read_text(encoding="utf-8") + HARNESS, encoding="utf-8")
    code, dom, err = _run_browser(
        tmp_path, page.as_uri(), "--virtual-time-budget=10000", "--dump-dom"
    )
    if "<html" not in dom:
        pytest.skip(f"{BROWSER} could not start here (exit {code}): {err[-500:]}")
    found = re.search(r'<pre id="skcurric-report">(.*?)</pre>', dom, re.S)
    assert found, f"the page's script never reported; stderr: {err[-1000:]}"
    report = json.loads(html.unescape(found.group(1)))
    assert "error" not in report, report

    # one image per epoch, all decoded at the figure's size
    assert report["n_frames"] == N_EPOCHS
    assert len(re.findall(r'frames\[\d+\] = "data:image/png;base64,', dom)) == N_EPOCHS
    assert report["sizes"] == [[width, height]] * N_EPOCHS
    # each frame is a picture, not a blank: many colours, a share of ink
    assert min(report["colours"]) > 50
    assert min(report["non_white"]) > 0.05
    # consecutive epochs draw different frames (titles and selections change)
    assert len(set(report["checksums"])) == N_EPOCHS
    # the player shows a frame, and its controls move through them
    assert re.search(r'<img id="_anim_img\w+" src="data:image/png;base64,', dom)
    for control in ("Play", "Pause", "Next frame", "Previous frame", "First frame"):
        assert control in report["buttons"]
    assert report["slider_max"] == N_EPOCHS - 1
    assert report["next_steps"] == list(range(N_EPOCHS))
    assert report["after_scrub"] == 1
    assert report["after_play"] >= 1
    assert report["paused_stays"] is True


def test_screenshot_of_the_page_shows_the_plot(animation_page, tmp_path):
    from PIL import Image

    path, (width, height) = animation_page
    shot = tmp_path / "page.png"
    code, _, err = _run_browser(
        tmp_path,
        path.as_uri(),
        "--virtual-time-budget=3000",
        "--window-size=500,450",
        "--hide-scrollbars",
        f"--screenshot={shot}",
    )
    if not shot.exists():
        pytest.skip(f"{BROWSER} wrote no screenshot (exit {code}): {err[-500:]}")
    with Image.open(shot) as im:
        pixels = np.asarray(im.convert("RGB"))
    assert pixels.shape == (450, 500, 3)
    # A page whose frame image failed to decode shows only the slider and the
    # radio buttons: about 2% ink and a few hundred colours. The plot adds its
    # points, shaded regions, axes and title.
    ink = pixels.min(axis=2) < 250
    assert ink.mean() > 0.05
    assert np.unique(pixels.reshape(-1, 3), axis=0).shape[0] > 500
    # the ink is where the frame is drawn: the top of the page, as wide as it
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.min() < 0.2 * height
    assert np.flatnonzero(ink[:height].any(axis=0)).size > 0.5 * width
