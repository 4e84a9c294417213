// The page of ./mnist export-web in a real browser (Debian's chromium, headless, driven by playwright-core):
// classify() against ./mnist predict, drawn strokes, the saved PGM, no network request. README, "Draw a digit".
//
// usage: node tests/web/test_page.js TOOLS CHROMIUM [--screenshot PNG]   (from the repository root)
//   TOOLS     a directory whose node_modules holds playwright-core (outside the repository; .ci/run
//             installs it), CHROMIUM the browser to drive. tests/web/run.sh checks both and calls this.
// Needs the program (./mnist, or $MNIST_PROGRAM) and the MNIST files in data/ (make mnist data). Prints
// "web: N passed, N failed" and exits 1 when a check failed.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [tools, chromiumPath, ...rest] = process.argv.slice(2);
const screenshotAt = rest[0] === "--screenshot" ? rest[1] : null;
const { chromium } = require(path.join(path.resolve(tools), "node_modules", "playwright-core"));
const mnist = path.resolve(process.env.MNIST_PROGRAM || "./mnist");

let passed = 0, failed = 0;
function check(ok, what, detail = "") {
  if (ok) ++passed;
  else ++failed;
  console.log(`${ok ? "ok    " : "FAILED"} ${what}${detail ? ": " + detail : ""}`);
}
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1) + " s";

// The ten probabilities ./mnist predict prints for a PGM ("7             0.999995  <- prediction").
function predict(model, pgm) {
  const out = execFileSync(mnist, ["predict", "--load", model, pgm], { encoding: "utf8" });
  const p = [];
  for (const line of out.split("\n")) {
    const m = /^(\S+)\s+([0-9.]+)(\s+<- prediction)?$/.exec(line);
    if (m && m[1] !== "class") p.push(Number(m[2]));
  }
  if (p.length !== 10) throw new Error(`predict ${pgm}: expected 10 probabilities, found ${p.length}:\n${out}`);
  return p;
}

function pgmBytes(pixels) {  // P5, 28 x 28, maxval 255
  return Buffer.concat([Buffer.from("P5\n28 28\n255\n"), Buffer.from(pixels)]);
}

const maxDifference = (a, b) => Math.max(...a.map((v, k) => Math.abs(v - b[k])));
const argmax = (p) => p.indexOf(Math.max(...p));

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "mnist-web-test-"));
  try {
    await run(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function run(work) {
  // A small network, trained here in a few seconds (about 95 % on the test set).
  const model = path.join(work, "net.model"), page = path.join(work, "net.html");
  execFileSync(mnist, ["--epochs", "2", "--hidden", "64", "--threads", "2", "--save", model], { stdio: "ignore" });
  execFileSync(mnist, ["export-web", "--load", model, "--out", page], { stdio: "ignore" });
  console.log(`web: trained and exported ${path.basename(page)} (${(fs.statSync(page).size / 1e6).toFixed(2)} MB) at ${seconds()}`);

  // The first 20 test images, and what ./mnist predict says of each.
  const images = fs.readFileSync("data/t10k-images-idx3-ubyte").subarray(16);
  const tests = [];
  for (let n = 0; n < 20; ++n) {
    const bytes = Array.from(images.subarray(784 * n, 784 * (n + 1)));
    const file = path.join(work, `test${n}.pgm`);
    fs.writeFileSync(file, pgmBytes(bytes));
    tests.push({ bytes, predicted: predict(model, file) });
  }

  // A fresh profile each run; the flags keep Chromium from reaching out on its own (there is no network).
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "mnist-web-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, hasTouch: true, acceptDownloads: true,
    viewport: { width: 1180, height: 700 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const requests = [], errors = [];
  context.on("request", (r) => requests.push(r.url()));
  // Anything but the page itself would be a request off this machine: refused, and counted below.
  await context.route((url) => url.protocol !== "file:", (route) => route.abort());
  try {
    const tab = context.pages()[0] || (await context.newPage());
    tab.on("pageerror", (e) => errors.push(String(e)));
    tab.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    const url = "file://" + page;
    await tab.goto(url);
    console.log(`web: page loaded at ${seconds()}`);

    // 1. classify agrees with ./mnist predict (pixel / 255, as the C++ loader) on 20 test images.
    const pages = await tab.evaluate((all) => all.map((b) => classify(b.map((v) => v / 255))), tests.map((t) => t.bytes));
    let worst = 0, sameClass = 0;
    tests.forEach((t, n) => {
      worst = Math.max(worst, maxDifference(pages[n], t.predicted));
      if (argmax(pages[n]) === argmax(t.predicted)) ++sameClass;
    });
    check(worst <= 1e-5, "classify agrees with ./mnist predict on 20 test images to 1e-5", `largest difference ${worst.toExponential(2)}`);
    check(sameClass === 20, "the same predicted class for each of the 20", `${sameClass} of 20`);

    // 2. preprocess of a test image drawn 10 times larger gives a similar image: the same class
    //    for most (the real data was cropped and centred the same way, but from other originals).
    const again = await tab.evaluate((all) => all.map((b) => {
      const image = new ImageData(280, 280);
      for (let y = 0; y < 280; ++y)
        for (let x = 0; x < 280; ++x) {
          const v = b[Math.floor(y / 10) * 28 + Math.floor(x / 10)];
          image.data.set([v, v, v, 255], 4 * (y * 280 + x));
        }
      return classify(preprocess(image));
    }), tests.map((t) => t.bytes));
    const agreeing = again.filter((p, n) => argmax(p) === argmax(tests[n].predicted)).length;
    check(agreeing >= 18, "preprocess(test image scaled x10) keeps the class", `${agreeing} of 20`);

    // 3. Drawn digits: pointer events from the mouse (a "1") and from a finger (a "0").
    const box = await tab.locator("#pad").boundingBox();
    const at = (x, y) => [box.x + x, box.y + y];
    const stateOf = () => tab.evaluate(() => {
      const pad = document.getElementById("pad");
      const pixels = preprocess(pad.getContext("2d").getImageData(0, 0, pad.width, pad.height));
      return { pixels, p: classify(pixels), shown: document.body.dataset.prediction,
               verdict: document.getElementById("verdict").textContent,
               top: document.querySelector(".row.top .label")?.textContent ?? null,
               seen: Array.from(document.getElementById("seen").getContext("2d").getImageData(0, 0, 28, 28).data.filter((_, k) => k % 4 === 0)) };
    });
    const settle = () => tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    // Returns what the page showed halfway through the stroke, the button still down.
    async function drawWithMouse(points) {
      let midway = null;
      await tab.mouse.move(...at(...points[0]));
      await tab.mouse.down();
      for (const [k, p] of points.slice(1).entries()) {
        await tab.mouse.move(...at(...p), { steps: 4 });
        if (k === 0) {
          await settle();
          midway = await tab.evaluate(() => document.body.dataset.prediction);
        }
      }
      await tab.mouse.up();
      return midway;
    }
    async function drawWithFinger(points) {
      const cdp = await context.newCDPSession(tab);
      const touch = (type, p) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: p ? [{ x: at(...p)[0], y: at(...p)[1] }] : [] });
      await touch("touchStart", points[0]);
      for (const p of points.slice(1)) await touch("touchMove", p);
      await touch("touchEnd", null);
      await cdp.detach();
    }
    function describe(pixels) {  // bounding box and centre of mass of the 28 x 28 image
      let x0 = 28, x1 = -1, y0 = 28, y1 = -1, m = 0, mx = 0, my = 0;
      pixels.forEach((v, k) => {
        const x = k % 28, y = Math.floor(k / 28);
        if (v > 0) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
        m += v; mx += v * x; my += v * y;
      });
      return { width: x1 - x0 + 1, height: y1 - y0 + 1, cx: mx / m, cy: my / m, peak: Math.max(...pixels) };
    }

    async function checkDrawn(digit, how) {
      await settle();
      const s = await stateOf();
      const d = describe(s.pixels);
      check(s.shown === digit && argmax(s.p) === Number(digit), `a drawn "${digit}" (${how}) is classified as ${digit}`,
            `page shows ${s.shown}, ${s.verdict}`);
      check(s.top === digit, `the bar of ${digit} is highlighted`, `${s.top}`);
      check(Math.max(d.width, d.height) >= 20 && Math.max(d.width, d.height) <= 21 && d.peak === 1,
            `the "${digit}" fills 20 pixels on its longer side, brightest pixel 1`, `${d.width} x ${d.height}, peak ${d.peak}`);
      check(Math.abs(d.cx - 14) < 0.5 && Math.abs(d.cy - 14) < 0.5, `its centre of mass is at pixel (14, 14), as MNIST's`,
            `(${d.cx.toFixed(2)}, ${d.cy.toFixed(2)})`);
      check(s.seen.every((v, k) => v === Math.round(255 * s.pixels[k])), "the 28 x 28 image shown is the one classified");
      return s;
    }

    const midway = await drawWithMouse([[150, 30], [143, 100], [136, 170], [130, 250]]);
    check(/^[0-9]$/.test(midway), "the answer is updated while drawing, before the pointer is lifted", `showing ${midway}`);
    const one = await checkDrawn("1", "mouse");

    // Save as PGM: the download holds the classified image, and ./mnist predict agrees with the page.
    const [download] = await Promise.all([tab.waitForEvent("download"), tab.click("#save")]);
    const saved = path.join(work, "drawn-1.pgm");
    await download.saveAs(saved);
    const predicted = predict(model, saved);
    check(maxDifference(predicted, one.p) <= 1e-5 && argmax(predicted) === 1,
          "Save as PGM: ./mnist predict on the saved file gives the page's probabilities", `largest difference ${maxDifference(predicted, one.p).toExponential(2)}`);

    await tab.click("#clear");
    await settle();
    const cleared = await stateOf();
    check(cleared.shown === "" && cleared.pixels.every((v) => v === 0) && (await tab.isDisabled("#save")),
          "Clear empties the pad, the image and the answer");

    const ring = [];
    for (let k = 0; k <= 40; ++k) {
      const a = (2 * Math.PI * k) / 40;
      ring.push([140 + 62 * Math.sin(a), 140 - 95 * Math.cos(a)]);
    }
    await drawWithFinger(ring);
    await checkDrawn("0", "touch");

    if (screenshotAt) {
      await tab.click("#clear");
      await drawWithMouse([[80, 70], [205, 62], [170, 130], [128, 250]]);  // a "7"
      await settle();
      const seven = await stateOf();
      check(seven.shown === "7", 'the screenshot\'s drawn "7" is classified as 7', `page shows ${seven.shown}`);
      await tab.screenshot({ path: screenshotAt, fullPage: true });
      console.log(`web: wrote ${screenshotAt}`);
    }

    // 4. Nothing was fetched: the page's own file is the only request, and nothing had to be refused.
    const others = requests.filter((u) => u !== url);
    check(others.length === 0, "the page made no network request", others.length ? others.join(", ") : `${requests.length} request (the page itself)`);
    check(errors.length === 0, "no script error", errors.join("; "));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`web: done in ${seconds()}`);
}

main()
  .catch((e) => { console.log("FAILED " + (e.stack || e)); ++failed; })
  .finally(() => {
    console.log(`web: ${passed} passed, ${failed} failed`);
    process.exit(failed > 0 ? 1 : 0);
  });
