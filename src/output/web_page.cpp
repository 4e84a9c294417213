// The draw-a-digit web page of `./mnist export-web`: one self-contained HTML file, the network inside.
// Its forward pass in JavaScript follows docs/02-neuron-and-layer.md#eq-2-5 and docs/03-activations.md.
#include "output/web_page.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace nn {
namespace {

// The page before the model's data. No URL anywhere: everything the page needs is in this file.
const char* const kPageHead = R"PAGE(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Draw a digit for the network</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f4f4f1; color: #222; }
header { padding: 12px 20px 4px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 0 0 8px; }
#about { margin: 0; color: #555; }
main { display: flex; flex-wrap: wrap; gap: 14px; padding: 10px 20px 20px; align-items: flex-start; }
.column { display: flex; flex-direction: column; gap: 14px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px; }
#pad { width: 280px; height: 280px; background: #000; cursor: crosshair; touch-action: none; display: block; }
#seen { width: 196px; height: 196px; image-rendering: pixelated; background: #000; display: block; }
.buttons { margin-top: 8px; display: flex; gap: 8px; }
button { font: inherit; padding: 4px 14px; }
.hint { color: #666; font-size: 13px; max-width: 280px; margin: 8px 0 0; }
#bars { width: 320px; }
.row { display: flex; align-items: center; gap: 6px; height: 24px; }
.label { width: 86px; text-align: right; white-space: nowrap; overflow: hidden; }
.track { flex: 1; height: 16px; background: #eee; }
.fill { height: 100%; width: 0; background: #8aa4c8; }
.value { width: 64px; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.row.top .label, .row.top .value { font-weight: bold; color: #b3400b; }
.row.top .fill { background: #e0661b; }
#verdict { font-size: 18px; margin: 10px 0 0; min-height: 1.4em; }
#layer { width: 320px; }
#strip { display: block; background: #000; image-rendering: pixelated; }
#units { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.unit { font-size: 12px; text-align: center; color: #444; white-space: pre-line; }
.unit canvas { width: 64px; height: 64px; image-rendering: pixelated; display: block; border: 1px solid #ccc; }
</style>
</head>
<body>
<header>
<h1>Draw a digit: the trained network answers</h1>
<p id="about"></p>
</header>
<main>
<section>
<h2>1. Your drawing</h2>
<canvas id="pad" width="280" height="280"></canvas>
<div class="buttons"><button id="clear" type="button">Clear</button><button id="save" type="button" disabled>Save as PGM</button></div>
<p class="hint">Mouse, finger or pen. Light ink on a dark ground, as in the training images.
"Save as PGM" writes the 28 &times; 28 image on the right, for <code>./mnist predict --load MODEL digit.pgm</code>.</p>
</section>
<div class="column">
<section>
<h2>2. What the network sees</h2>
<canvas id="seen" width="28" height="28"></canvas>
<p class="hint">As MNIST was made: crop to the ink, scale the longer side to 20 pixels (aspect kept,
anti-aliased), then move the centre of mass to the centre of the 28 &times; 28 field.
784 numbers in [0, 1], one per pixel.</p>
</section>
<section id="layer">
<h2>3. Inside: the first layer</h2>
<canvas id="strip"></canvas>
<p class="hint" id="strip-note"></p>
<div id="units"></div>
</section>
</div>
<section>
<h2>4. The network's answer</h2>
<div id="bars"></div>
<p id="verdict"></p>
</section>
</main>
<script>
"use strict";
)PAGE";

// The page after the model's data: the JavaScript. Everything numeric is float32, as in the C++.
const char* const kPageScript = R"PAGE(
// ---------------------------------------------------------------------------------------------
// The network. PARAMETERS holds, layer by layer, W (n_in x n_out, row-major: W[i * n_out + j] is
// the weight from input i to unit j) then b (n_out), each a float32 stored little-endian: the
// same bytes as in the model file (docs/model-format.md).
function decodeLayers(sizes, text) {
  const binary = atob(text);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let k = 0; k < binary.length; ++k) view.setUint8(k, binary.charCodeAt(k));
  const layers = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; ++l) {
    const nIn = sizes[l], nOut = sizes[l + 1];
    const W = new Float32Array(nIn * nOut), b = new Float32Array(nOut);
    for (let k = 0; k < W.length; ++k, offset += 4) W[k] = view.getFloat32(offset, true);
    for (let k = 0; k < b.length; ++k, offset += 4) b[k] = view.getFloat32(offset, true);
    layers.push({ nIn, nOut, W, b });
  }
  if (offset !== binary.length) throw new Error("parameters: expected " + offset + " bytes, found " + binary.length);
  return layers;
}
const LAYERS = decodeLayers(MODEL.sizes, PARAMETERS);
const f32 = Math.fround;

// z = h_prev W + b for one example (a row), as dense_forward in src/nn/dense.cpp.
// docs/02-neuron-and-layer.md#eq-2-3, docs/02-neuron-and-layer.md#eq-2-4
// The sum runs over i in increasing order, as the C++ matmul does for every z_j. z is a
// Float32Array, so every partial sum is rounded to float32 as in the C++; the product of two
// float32 values is exact in a JavaScript number (a double), so each step rounds once, like the
// fused multiply-add the C++ kernel uses.
function denseForward(x, layer) {
  const z = new Float32Array(layer.nOut), W = layer.W, nOut = layer.nOut;
  for (let i = 0; i < layer.nIn; ++i) {
    const xi = x[i];
    if (xi === 0) continue;  // adds 0 * w = 0 to every z_j: the same sums, only sooner
    const row = i * nOut;
    for (let j = 0; j < nOut; ++j) z[j] += xi * W[row + j];
  }
  for (let j = 0; j < nOut; ++j) z[j] += layer.b[j];  // + b, the same for every example
  return z;
}

// docs/03-activations.md#eq-3-1: relu(z) = max(0, z).
function reluForward(z) {
  const h = new Float32Array(z.length);
  for (let k = 0; k < z.length; ++k) h[k] = z[k] > 0 ? z[k] : 0;
  return h;
}

// docs/03-activations.md#eq-3-3: sigma(z) = 1 / (1 + e^-z). For z < 0, e^-z could overflow;
// e^z / (1 + e^z) is the same value and cannot (the same branch as sigmoid_forward in C++).
function sigmoidForward(z) {
  const h = new Float32Array(z.length);
  for (let k = 0; k < z.length; ++k) {
    if (z[k] >= 0) {
      h[k] = 1 / f32(1 + f32(Math.exp(-z[k])));
    } else {
      const e = f32(Math.exp(z[k]));
      h[k] = e / f32(1 + e);
    }
  }
  return h;
}

// docs/03-activations.md#eq-3-5: p_j = e^(z_j - max z) / sum_k e^(z_k - max z). Subtracting the
// maximum leaves p unchanged and keeps every exponent <= 0, so exp cannot overflow.
function softmaxForward(z) {
  const p = new Float32Array(z.length);
  let zmax = z[0];
  for (let j = 1; j < z.length; ++j) if (z[j] > zmax) zmax = z[j];
  let sum = 0;
  for (let j = 0; j < z.length; ++j) {
    p[j] = Math.exp(f32(z[j] - zmax));
    sum = f32(sum + p[j]);
  }
  for (let j = 0; j < z.length; ++j) p[j] = p[j] / sum;
  return p;
}

// The forward pass, docs/02-neuron-and-layer.md#eq-2-5, as Network::forward in src/nn/network.cpp:
// h = f(x W1 + b1) for each hidden layer, then p = softmax(z) (cross-entropy models),
// p = sigma(z) (squared-error models) or relu(z) (perceptron models) at the output. Returns h of every layer; the last is p.
function forward(x) {
  const hs = [];
  let input = x;
  for (let l = 0; l < LAYERS.length; ++l) {
    const z = denseForward(input, LAYERS[l]);
    const output = l + 1 === LAYERS.length;
    let h;
    if (!output) h = MODEL.hidden === "relu" ? reluForward(z) : sigmoidForward(z);
    else if (MODEL.output === "softmax") h = softmaxForward(z);
    else h = MODEL.output === "relu" ? reluForward(z) : sigmoidForward(z);
    hs.push(h);
    input = h;
  }
  return hs;
}

// Test hook: 784 numbers in [0, 1] (row-major 28 x 28, 0 = background) -> the 10 probabilities.
function classify(pixels) {
  if (pixels.length !== MODEL.sizes[0]) throw new Error("classify: expected " + MODEL.sizes[0] + " pixels, found " + pixels.length);
  const hs = forward(Float32Array.from(pixels));
  return Array.from(hs[hs.length - 1]);
}

// ---------------------------------------------------------------------------------------------
// Preprocessing, as MNIST's images were made from NIST's (LeCun et al.): the digit is scaled to
// fit a 20 x 20 box keeping its aspect ratio, anti-aliased, and placed in the 28 x 28 field with
// its centre of mass at the field's centre.
const FIELD = 28, BOX = 20;
// Where MNIST puts the centre of mass, in pixel indices: the mean over the 10000 test images is
// (x 14.01, y 13.99), i.e. pixel 14, which covers [14, 15) in the coordinates used below.
const CENTRE = 14.5;

// One dimension of area resampling: out[i] is the mean of src over [start + i / scale,
// start + (i + 1) / scale), source pixel k covering [k, k + 1) (zero outside). Each output pixel
// averages all the ink that falls in it, which is what anti-aliasing means here.
function resample(src, n, start, scale, out) {
  const width = 1 / scale;
  for (let i = 0; i < out.length; ++i) {
    const a = start + i * width, b = a + width;
    let sum = 0;
    for (let k = Math.max(0, Math.floor(a)); k < Math.min(n, Math.ceil(b)); ++k)
      sum += src[k] * (Math.min(b, k + 1) - Math.max(a, k));
    out[i] = sum * scale;
  }
}

// Test hook: the 784 numbers the page classifies for an image (an ImageData, or anything with
// width, height and RGBA data). Ink is the mean of red, green and blue, 0 (black) to 1 (white).
// The result is rounded to 8 bits, k / 255, because MNIST is stored so and because the saved PGM
// then holds exactly what was classified: ./mnist predict gives the same probabilities.
function preprocess(image) {
  const w = image.width, h = image.height, data = image.data;
  const ink = new Float64Array(w * h);
  let x0 = w, x1 = -1, y0 = h, y1 = -1;
  for (let y = 0; y < h; ++y)
    for (let x = 0; x < w; ++x) {
      const k = y * w + x, v = (data[4 * k] + data[4 * k + 1] + data[4 * k + 2]) / (3 * 255);
      ink[k] = v;
      if (v > 0) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    }
  const pixels = new Array(FIELD * FIELD).fill(0);
  if (x1 < 0) return pixels;  // no ink
  // 1. Crop to the bounding box of the ink.
  const cw = x1 - x0 + 1, ch = y1 - y0 + 1;
  // 2. The longer side becomes 20 pixels, the other in proportion.
  const scale = BOX / Math.max(cw, ch);
  // 3. Centre of mass of the crop (pixel k's centre is k + 0.5).
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < ch; ++y)
    for (let x = 0; x < cw; ++x) {
      const v = ink[(y0 + y) * w + x0 + x];
      mass += v; mx += v * (x + 0.5); my += v * (y + 0.5);
    }
  const cx = mx / mass, cy = my / mass;
  // 4. Resample so that the centre of mass lands on CENTRE: output coordinate u shows crop
  //    coordinate cx + (u - CENTRE) / scale. Rows first, then columns (area resampling is separable).
  const rows = new Float64Array(ch * FIELD), row = new Float64Array(FIELD), column = new Float64Array(ch);
  for (let y = 0; y < ch; ++y) {
    resample(ink.subarray((y0 + y) * w + x0, (y0 + y) * w + x0 + cw), cw, cx - CENTRE / scale, scale, row);
    rows.set(row, y * FIELD);
  }
  const out = new Float64Array(FIELD);
  let peak = 0;
  for (let x = 0; x < FIELD; ++x) {
    for (let y = 0; y < ch; ++y) column[y] = rows[y * FIELD + x];
    resample(column, ch, cy - CENTRE / scale, scale, out);
    for (let y = 0; y < FIELD; ++y) { pixels[y * FIELD + x] = out[y]; peak = Math.max(peak, out[y]); }
  }
  // 5. Brightest pixel to 1: nearly every MNIST image has one at 255 (the mean of the maxima over
  //    the test images is 254.9), whatever the thickness of the pen; then to 8 bits.
  for (let k = 0; k < pixels.length; ++k) pixels[k] = f32(Math.round(Math.min(1, pixels[k] / peak) * 255) / 255);
  return pixels;
}

// The bytes of a binary PGM (P5, 28 x 28, maxval 255) of the pixels: 0 = black = background, as
// MNIST and as ./mnist predict expects without --invert.
function encodePgm(pixels) {
  const header = "P5\n# drawn on the export-web page of " + MODEL.file.replace(/[^ -~]/g, "?") +
                 "\n" + FIELD + " " + FIELD + "\n255\n";
  const bytes = new Uint8Array(header.length + pixels.length);
  for (let k = 0; k < header.length; ++k) bytes[k] = header.charCodeAt(k);
  for (let k = 0; k < pixels.length; ++k) bytes[header.length + k] = Math.round(pixels[k] * 255);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// The page.
const pad = document.getElementById("pad"), seen = document.getElementById("seen");
const padContext = pad.getContext("2d", { willReadFrequently: true });
const PEN_WIDTH = 22;  // on the 280-pixel pad: a digit 200 pixels high gets strokes about 2 pixels wide, as MNIST's
let current = null;    // the 784 numbers last classified, null while the pad is empty

if (MODEL.dataSet === "Fashion-MNIST") document.querySelector("h1").textContent = "Draw a piece of clothing: the trained network answers";
document.getElementById("about").textContent = "Network " + MODEL.file + ": " + MODEL.sizes.join("-") + ", " +
  MODEL.hidden + " hidden, " + MODEL.output + " output; classes of " + MODEL.dataSet + ".";

const bars = document.getElementById("bars"), barRows = [];
for (let k = 0; k < MODEL.classes.length; ++k) {
  const row = document.createElement("div");
  row.className = "row";
  row.innerHTML = '<span class="label"></span><div class="track"><div class="fill"></div></div><span class="value"></span>';
  row.querySelector(".label").textContent = MODEL.classes[k];
  bars.appendChild(row);
  barRows.push(row);
}

function clearPad() {
  padContext.fillStyle = "#000";
  padContext.fillRect(0, 0, pad.width, pad.height);
  update();
}

function padPoint(event) {
  const r = pad.getBoundingClientRect();
  return { x: (event.clientX - r.left) * pad.width / r.width, y: (event.clientY - r.top) * pad.height / r.height };
}

let last = null, pending = false;
function stroke(from, to) {
  padContext.strokeStyle = "#fff";
  padContext.lineWidth = PEN_WIDTH;
  padContext.lineCap = "round";
  padContext.lineJoin = "round";
  padContext.beginPath();
  padContext.moveTo(from.x, from.y);
  padContext.lineTo(to.x, to.y);
  padContext.stroke();
}
function scheduleUpdate() {  // at most once per frame, however fast the pointer moves
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; update(); });
}
pad.addEventListener("pointerdown", (event) => {
  if (event.button !== 0) return;  // the main button, a finger or a pen tip; not a right click
  event.preventDefault();
  try { pad.setPointerCapture(event.pointerId); } catch (e) { /* a synthetic event: no capture */ }
  last = padPoint(event);
  stroke(last, last);
  scheduleUpdate();
});
pad.addEventListener("pointermove", (event) => {
  if (last === null) return;
  const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
  for (const e of events.length ? events : [event]) {
    const p = padPoint(e);
    stroke(last, p);
    last = p;
  }
  scheduleUpdate();
});
for (const type of ["pointerup", "pointercancel"])
  pad.addEventListener(type, () => { last = null; scheduleUpdate(); });
document.getElementById("clear").addEventListener("click", clearPad);
document.getElementById("save").addEventListener("click", () => {
  if (current === null) return;
  const url = URL.createObjectURL(new Blob([encodePgm(current)], { type: "image/x-portable-graymap" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = "digit.pgm";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

function showSeen(pixels) {
  const context = seen.getContext("2d"), image = context.createImageData(FIELD, FIELD);
  for (let k = 0; k < pixels.length; ++k) {
    const v = Math.round(pixels[k] * 255);
    image.data.set([v, v, v, 255], 4 * k);
  }
  context.putImageData(image, 0, 0);
}

function showBars(p) {
  let top = -1;
  if (p) { top = 0; for (let k = 1; k < p.length; ++k) if (p[k] > p[top]) top = k; }
  for (let k = 0; k < barRows.length; ++k) {
    const row = barRows[k];
    row.classList.toggle("top", k === top);
    row.querySelector(".fill").style.width = p ? (100 * p[k]).toFixed(1) + "%" : "0";
    row.querySelector(".value").textContent = p ? (100 * p[k]).toFixed(1) + " %" : "";
  }
  document.getElementById("verdict").textContent =
    p ? "The network says: " + MODEL.classes[top] + " (" + (100 * p[top]).toFixed(1) + " %)" : "Draw in the black square.";
  document.body.dataset.prediction = p ? String(top) : "";
}

// The first layer: its activations h as a strip (bright = large), and the weights of its most
// active units as 28 x 28 images (orange: ink there raises z, blue: lowers it).
const strip = document.getElementById("strip"), units = document.getElementById("units");
const FIRST = LAYERS[0], SHOWN = Math.min(FIRST.nOut, 1024), PER_ROW = Math.min(SHOWN, 32);
const CELL = Math.floor(320 / PER_ROW);
strip.width = PER_ROW; strip.height = Math.ceil(SHOWN / PER_ROW);
strip.style.width = PER_ROW * CELL + "px"; strip.style.height = strip.height * CELL + "px";
document.getElementById("strip-note").textContent = (LAYERS.length > 1
  ? "h = " + MODEL.hidden + "(x W1 + b1): the " + FIRST.nOut + " hidden units"
  : "no hidden layer: the " + FIRST.nOut + " outputs") +
  (SHOWN < FIRST.nOut ? " (the first " + SHOWN + " shown)" : "") + ", bright = large. Below, the weights of the most active units.";

function showLayer(h) {
  const context = strip.getContext("2d"), image = context.createImageData(strip.width, strip.height);
  let hmax = 0;
  if (h) for (let j = 0; j < SHOWN; ++j) hmax = Math.max(hmax, h[j]);
  for (let j = 0; j < strip.width * strip.height; ++j) {
    const v = j < SHOWN && h && hmax > 0 ? Math.round(255 * Math.max(0, h[j]) / hmax) : 0;
    image.data.set(j < SHOWN ? [v, v, v, 255] : [40, 40, 40, 255], 4 * j);
  }
  context.putImageData(image, 0, 0);
  units.textContent = "";
  if (!h) return;
  const order = Array.from(h.keys()).filter((j) => h[j] > 0).sort((a, b) => h[b] - h[a]).slice(0, 8);
  for (const j of order) {
    const box = document.createElement("div"), canvas = document.createElement("canvas");
    box.className = "unit";
    canvas.width = canvas.height = FIELD;
    let wmax = 0;
    for (let i = 0; i < FIRST.nIn; ++i) wmax = Math.max(wmax, Math.abs(FIRST.W[i * FIRST.nOut + j]));
    const context2 = canvas.getContext("2d"), weights = context2.createImageData(FIELD, FIELD);
    for (let i = 0; i < FIRST.nIn; ++i) {
      const w = wmax > 0 ? FIRST.W[i * FIRST.nOut + j] / wmax : 0;  // -1 .. 1
      const t = Math.sqrt(Math.abs(w));  // the square root brings out the many small weights
      const rgb = w >= 0 ? [255 - 31 * t, 255 - 153 * t, 255 - 228 * t] : [255 - 205 * t, 255 - 155 * t, 255 - 55 * t];
      weights.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
    }
    context2.putImageData(weights, 0, 0);
    box.appendChild(canvas);
    box.appendChild(document.createTextNode("unit " + j + "\nh = " + h[j].toFixed(2)));
    units.appendChild(box);
  }
}

function update() {
  const pixels = preprocess(padContext.getImageData(0, 0, pad.width, pad.height));
  const empty = pixels.every((v) => v === 0);
  current = empty ? null : pixels;
  document.getElementById("save").disabled = empty;
  showSeen(pixels);
  if (empty) { showBars(null); showLayer(null); return; }
  const hs = forward(Float32Array.from(pixels));
  showBars(hs[hs.length - 1]);
  showLayer(hs[0]);
}

window.classify = classify;
window.preprocess = preprocess;
window.encodePgm = encodePgm;
clearPad();
</script>
</body>
</html>
)PAGE";

// s as a JSON string; '<' as \u003c so that no "</script>" can end the script early.
std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == '<' || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += ch;  // UTF-8 bytes pass through: the page is UTF-8
        }
    }
    return out + "\"";
}

}  // namespace

std::string base64(const unsigned char* bytes, std::size_t size) {
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (std::size_t i = 0; i < size; i += 3) {
        const std::size_t n = size - i < 3 ? size - i : 3;
        const std::uint32_t group = std::uint32_t{bytes[i]} << 16 | (n > 1 ? std::uint32_t{bytes[i + 1]} << 8 : 0) |
                                    (n > 2 ? std::uint32_t{bytes[i + 2]} : 0);
        out += digits[group >> 18 & 63];
        out += digits[group >> 12 & 63];
        out += n > 1 ? digits[group >> 6 & 63] : '=';
        out += n > 2 ? digits[group & 63] : '=';
    }
    return out;
}

std::vector<unsigned char> parameter_bytes(const Network<float>& net) {
    std::vector<unsigned char> bytes;
    const auto append = [&bytes](const Matrix<float>& m) {
        for (std::size_t k = 0; k < m.size(); ++k) {
            std::uint32_t bits;
            std::memcpy(&bits, &m[k], sizeof bits);  // the float's bit pattern, lowest byte first
            for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<unsigned char>(bits >> shift & 0xFF));
        }
    };
    for (const Layer<float>& layer : net.layers) {
        append(layer.W);
        append(layer.b);
    }
    return bytes;
}

std::string web_page(const Network<float>& net, const std::string& model_name, const std::string& data_set,
                     const std::vector<std::string>& classes) {
    const std::vector<std::size_t> sizes = net.sizes();
    if (sizes.front() != 784 || sizes.back() != 10 || classes.size() != 10)
        throw std::invalid_argument("web_page: expected a 784-...-10 network and 10 class names, found " +
                                    net.describe() + " and " + std::to_string(classes.size()));
    std::size_t parameters = 0;
    for (const Layer<float>& layer : net.layers) parameters += layer.W.size() + layer.b.size();
    if (parameters > kMaxWebParameters)
        throw std::invalid_argument("web_page: expected at most " + std::to_string(kMaxWebParameters) +
                                    " parameters, found " + std::to_string(parameters));
    std::string model = "const MODEL = {\"file\": " + json_string(model_name) + ", \"sizes\": [";
    for (std::size_t l = 0; l < sizes.size(); ++l) model += (l ? ", " : "") + std::to_string(sizes[l]);
    model += "], \"hidden\": \"" + std::string(name(net.hidden)) + "\", \"output\": \"" +
             output_name(net.loss_kind) + "\", \"dataSet\": " + json_string(data_set) +
             ", \"classes\": [";
    for (std::size_t k = 0; k < classes.size(); ++k) model += (k ? ", " : "") + json_string(classes[k]);
    model += "]};\n";
    const std::vector<unsigned char> bytes = parameter_bytes(net);
    return kPageHead + model + "const PARAMETERS = \"" + base64(bytes.data(), bytes.size()) + "\";\n" + kPageScript;
}

}  // namespace nn
