// Lighthouse's accessibility, best-practices and SEO categories for a list of pages,
// in one Chromium started once: starting a browser per page would cost more than
// the audits themselves.
//
// Input (stdin, JSON): [{"name": "login", "url": "http://...", "headers": {"Cookie": "..."}}, ...]
// or, by hand, the URLs as arguments. Output: one JSON object per page and line, in
// the input's order:
// {"name", "url", "finalUrl", "seconds", "scores": {category: 0..100},
//  "failing": [{"id", "category", "title", "items"}], "links": [href, ...]}
// or {"name", "url", "error"} when Lighthouse could not audit the page.
//
// CHROME_PATH names the browser (chrome-launcher reads it). AUDITS_AT_ONCE (default 2)
// is how many pages are audited at the same time, each in a browser context of its own.

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const CATEGORIES = ["accessibility", "best-practices", "seo"];
// tests/servers.py's CHROMIUM_ARGS, headless. Without the last four, Chromium
// reaches for Google's services at start-up, which a closed network refuses,
// and Lighthouse would count the failures.
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
// No performance category, so none of the long waits that steady its metrics:
// a page is audited once it has loaded, its requests have answered and its main
// thread has been idle for a moment (the API docs page draws Swagger UI after
// its schema arrives). Each page gets a new browser context, so there is no
// storage to clear, and no screenshot is wanted.
const CONFIG = {
  extends: "lighthouse:default",
  settings: {
    onlyCategories: CATEGORIES,
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 300,
    skipAboutBlank: true,
    disableStorageReset: true,
    disableFullPageScreenshot: true,
  },
};
// Audits that are never pass/fail: they say nothing about the page's score.
const UNSCORED = new Set(["notApplicable", "informative", "manual"]);
const ITEMS_SHOWN = 6;

async function readPages() {
  const urls = process.argv.slice(2);
  if (urls.length) {
    return urls.map((url) => ({ name: url, url }));
  }
  let text = "";
  for await (const chunk of process.stdin) {
    text += chunk;
  }
  return JSON.parse(text);
}

// What a failing audit points at, short enough to read in a test's output.
function itemsOf(audit) {
  const details = audit.details;
  if (!details || !Array.isArray(details.items)) {
    return [];
  }
  const items = details.items.slice(0, ITEMS_SHOWN).map((item) => {
    const node = item.node || {};
    const described = {
      selector: node.selector,
      snippet: node.snippet,
      explanation: node.explanation,
      url: typeof item.url === "string" ? item.url : undefined,
      source: item.source && item.source.url,
      description: item.description,
    };
    for (const key of Object.keys(described)) {
      if (described[key] === undefined) {
        delete described[key];
      }
    }
    return Object.keys(described).length ? described : item;
  });
  if (details.items.length > ITEMS_SHOWN) {
    items.push({ more: details.items.length - ITEMS_SHOWN });
  }
  return items;
}

// The audits that cost the page points: scored, failed and weighing in its category.
function failingAudits(lhr) {
  const failing = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (
        ref.weight === 0 ||
        UNSCORED.has(audit.scoreDisplayMode) ||
        audit.score === null ||
        audit.score >= 1
      ) {
        continue;
      }
      failing.push({ id: audit.id, category, title: audit.title, items: itemsOf(audit) });
    }
  }
  return failing;
}

async function audit(browser, page) {
  const started = performance.now();
  const flags = { output: "json", logLevel: "error", extraHeaders: page.headers || undefined };
  const context = await browser.createBrowserContext();
  let result;
  try {
    result = await lighthouse(page.url, flags, CONFIG, await context.newPage());
  } finally {
    await context.close();
  }
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  const lhr = result.lhr;
  if (lhr.runtimeError) {
    return { name: page.name, url: page.url, seconds, error: lhr.runtimeError.message };
  }
  const scores = {};
  for (const category of CATEGORIES) {
    const score = lhr.categories[category].score;
    scores[category] = score === null ? null : Math.round(score * 100);
  }
  // The links the audits saw, so that a caller can tell a page drawn by script
  // was audited drawn, not empty.
  const links = [...new Set((result.artifacts.AnchorElements || []).map((a) => a.rawHref))];
  return {
    name: page.name,
    url: page.url,
    finalUrl: lhr.finalDisplayedUrl,
    seconds,
    scores,
    failing: failingAudits(lhr),
    links,
  };
}

async function auditOrSayWhy(browser, page) {
  try {
    return await audit(browser, page);
  } catch (error) {
    return { name: page.name, url: page.url, error: String((error && error.stack) || error) };
  }
}

// Lighthouse keeps its timings in the process's global performance marks, so two
// audits at once need a worker thread each; they share the one browser.
if (isMainThread) {
  const pages = await readPages();
  const atOnce = Math.min(pages.length, Math.max(1, Number(process.env.AUDITS_AT_ONCE || 2)));
  const chrome = await chromeLauncher.launch({ chromeFlags: CHROME_FLAGS, logLevel: "error" });
  try {
    // Each worker asks for the next page not yet taken; lines go out in the input's order.
    const results = new Array(pages.length);
    let next = 0;
    let printed = 0;
    const work = () =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { port: chrome.port } });
        worker.on("message", (message) => {
          if (message.index !== undefined) {
            results[message.index] = message.result;
            while (printed < pages.length && results[printed]) {
              process.stdout.write(JSON.stringify(results[printed++]) + "\n");
            }
          }
          if (next < pages.length) {
            const index = next++;
            worker.postMessage({ index, page: pages[index] });
          } else {
            worker.postMessage(null);
          }
        });
        worker.on("error", reject);
        worker.on("exit", resolve);
      });
    await Promise.all(Array.from({ length: atOnce }, work));
  } finally {
    await chrome.kill();
  }
} else {
  const browser = await puppeteer.connect({
    browserURL: `http://127.0.0.1:${workerData.port}`,
    defaultViewport: null,
  });
  parentPort.on("message", async (message) => {
    if (message === null) {
      await browser.disconnect();
      // Lighthouse leaves timers behind that would hold the thread for seconds.
      process.exit(0);
    }
    const result = await auditOrSayWhy(browser, message.page);
    parentPort.postMessage({ index: message.index, result });
  });
  parentPort.postMessage({});
}
