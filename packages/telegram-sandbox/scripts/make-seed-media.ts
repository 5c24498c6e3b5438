// Builds the seeded files once; the output in seed/ is committed, so neither the sandbox nor
// CI needs the encoders. Run: npx tsx packages/telegram-sandbox/scripts/make-seed-media.ts
// (needs opus-tools, ffmpeg and poppler-utils from Debian: apt-get install opus-tools ffmpeg poppler-utils).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";
import { makePhotoSizes, makeThumb } from "../src/photos";
import { packWaveform, type SeedDocument, type SeedManifest, type SeedPhoto } from "../src/seed-media";

const out = join(import.meta.dirname, "..", "seed");

const CV_LINES = [
  "Ivan Petrov - Curriculum Vitae",
  "",
  "Backend developer, 6 years: TypeScript, Node.js, PostgreSQL.",
  "2021-2025  Senior developer, Example Logistics (Moscow)",
  "2019-2021  Developer, Sample Bank (Kazan)",
  "Education: Kazan Federal University, Applied Mathematics, 2019",
  "Languages: Russian (native), English (B2)",
  "Contact: @ivan (Telegram)",
];

const DIGEST_LINES = [
  "Sandbox News - Weekly digest",
  "",
  "1. All systems nominal all week.",
  "2. The team moved into the new office (photo in the channel).",
  "3. Three candidates sent their CVs; two interviews are booked.",
  "4. Next week: the quarterly planning meeting, Tuesday 11:00.",
];

/** A one-page PDF in Helvetica, offsets computed so every reader accepts it. */
function pdf(lines: string[], title: string, author: string): Buffer {
  const text = lines
    .map((l, i) => `BT /F1 ${i === 0 ? 18 : 11} Tf 56 ${780 - i * 22} Td (${l.replace(/[()\\]/g, "\\$&")}) Tj ET`)
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    `<< /Title (${title}) /Author (${author}) /Producer (tgdesk sandbox) >>`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A "diploma": a cream page with a border, a seal and lines of "text", 1000x750. */
async function diplomaJpeg(): Promise<Buffer> {
  const w = 1000;
  const h = 750;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      let c = [246, 238, 214];
      const border = x < 30 || y < 30 || x >= w - 30 || y >= h - 30;
      const inner =
        (x >= 44 && x < 48) || (y >= 44 && y < 48) || (x >= w - 48 && x < w - 44) || (y >= h - 48 && y < h - 44);
      const seal = (x - 800) ** 2 + (y - 580) ** 2 < 70 ** 2;
      const line = y > 200 && y < 520 && (y - 200) % 40 < 8 && x > 150 && x < 850 - ((y * 37) % 200);
      const title = y > 110 && y < 150 && x > 300 && x < 700;
      if (border) c = [120, 30, 40];
      else if (inner) c = [180, 140, 60];
      else if (seal) c = [170, 30, 30];
      else if (title) c = [40, 40, 90];
      else if (line) c = [90, 90, 100];
      raw[o] = c[0]!;
      raw[o + 1] = c[1]!;
      raw[o + 2] = c[2]!;
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** 17 s of a voice-like tone (a glide with syllable-shaped bursts), encoded to OGG/Opus. */
function voiceOgg(): { ogg: Buffer; waveform: Buffer; duration: number } {
  const rate = 48_000;
  const duration = 17;
  const n = rate * duration;
  const pcm = Buffer.alloc(n * 2);
  const levels: number[] = [];
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const syllable = Math.max(0, Math.sin(Math.PI * 3.1 * t)) ** 0.6 * (0.6 + 0.4 * Math.sin(t * 0.9));
    const f = 140 + 40 * Math.sin(t * 2.3);
    phase += (2 * Math.PI * f) / rate;
    const v = syllable * (0.6 * Math.sin(phase) + 0.3 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase));
    pcm.writeInt16LE(Math.round(v * 12_000), i * 2);
  }
  for (let k = 0; k < 100; k++) {
    let peak = 0;
    for (let i = Math.floor((k * n) / 100); i < Math.floor(((k + 1) * n) / 100); i++)
      peak = Math.max(peak, Math.abs(pcm.readInt16LE(i * 2)));
    levels.push(Math.round((peak / 12_000) * 31));
  }
  const tmp = mkdtempSync(join(tmpdir(), "seed-voice-"));
  try {
    const header = Buffer.alloc(44);
    header.write("RIFF", 0);
    header.writeUInt32LE(36 + pcm.length, 4);
    header.write("WAVEfmt ", 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(rate, 24);
    header.writeUInt32LE(rate * 2, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write("data", 36);
    header.writeUInt32LE(pcm.length, 40);
    writeFileSync(join(tmp, "in.wav"), Buffer.concat([header, pcm]));
    execFileSync("opusenc", [
      "--quiet",
      "--bitrate",
      "16",
      "--speech",
      "--comp",
      "10",
      join(tmp, "in.wav"),
      join(tmp, "out.ogg"),
    ]);
    return { ogg: readFileSync(join(tmp, "out.ogg")), waveform: packWaveform(levels), duration };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** An RGB(A) image drawn pixel by pixel: `paint` gives each pixel's colour. */
function draw(w: number, h: number, channels: 3 | 4, paint: (x: number, y: number) => number[]): Sharp {
  const raw = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set(paint(x, y).slice(0, channels), (y * w + x) * channels);
  return sharp(raw, { raw: { width: w, height: h, channels } });
}

/** The channel's photo: an office block against the sky, 1200x800. */
function officeJpeg(): Promise<Buffer> {
  return draw(1200, 800, 3, (x, y) => {
    const sky = [110 + y / 8, 160 + y / 10, 230];
    if (y > 690) return [70, 120, 60];
    const inBlock = x > 300 && x < 900 && y > 180;
    if (!inBlock) return (x - 1050) ** 2 + (y - 120) ** 2 < 60 ** 2 ? [250, 220, 120] : sky;
    const windowCell = (x - 330) % 70 < 40 && (y - 210) % 80 < 50 && x > 330 && x < 880 && y < 650;
    return windowCell ? [170, 210, 240] : [150, 150, 160];
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A smiling face with transparency around it, as a 512x512 sticker is drawn. */
function faceRgba(size: number, scale: number): Sharp {
  const c = size / 2;
  const r = (size / 2 - 16) * scale;
  return draw(size, size, 4, (x, y) => {
    const d = Math.hypot(x - c, y - c);
    if (d > r) return [0, 0, 0, 0];
    const eye = Math.hypot(Math.abs(x - c) - r * 0.35, y - (c - r * 0.25)) < r * 0.12;
    const m = Math.hypot(x - c, y - (c + r * 0.05));
    const smile = y > c + r * 0.2 && m > r * 0.5 && m < r * 0.62;
    if (eye || smile) return [70, 40, 20, 255];
    return d > r - 8 * scale ? [220, 150, 20, 255] : [255, 200, 40, 255];
  });
}

/** A minimal Lottie animation (a pulsing face-coloured disc) in Telegram's TGS wrapping: gzip. */
function tgs(): Buffer {
  const scaleKey = (t: number, v: number) => ({
    t,
    s: [v, v, 100],
    i: { x: [0.5], y: [1] },
    o: { x: [0.5], y: [0] },
  });
  const lottie = {
    tgs: 1,
    v: "5.5.2",
    fr: 60,
    ip: 0,
    op: 120,
    w: 512,
    h: 512,
    nm: "pulse",
    ddd: 0,
    assets: [],
    layers: [
      {
        ddd: 0,
        ind: 1,
        ty: 4,
        nm: "disc",
        sr: 1,
        ks: {
          o: { a: 0, k: 100 },
          r: { a: 0, k: 0 },
          p: { a: 0, k: [256, 256, 0] },
          a: { a: 0, k: [0, 0, 0] },
          s: { a: 1, k: [scaleKey(0, 80), scaleKey(60, 100), { t: 120, s: [80, 80, 100] }] },
        },
        ao: 0,
        shapes: [
          {
            ty: "gr",
            it: [
              { ty: "el", p: { a: 0, k: [0, 0] }, s: { a: 0, k: [480, 480] } },
              { ty: "fl", c: { a: 0, k: [1, 0.78, 0.16, 1] }, o: { a: 0, k: 100 } },
              {
                ty: "tr",
                p: { a: 0, k: [0, 0] },
                a: { a: 0, k: [0, 0] },
                s: { a: 0, k: [100, 100] },
                r: { a: 0, k: 0 },
                o: { a: 0, k: 100 },
              },
            ],
          },
        ],
        ip: 0,
        op: 120,
        st: 0,
        bm: 0,
      },
    ],
  };
  return gzipSync(JSON.stringify(lottie), { level: 9 });
}

/** A short H.264 MP4 (moov first, so a player can start and seek from byte ranges) and its first frame. */
function mp4(w: number, h: number, seconds: number): { mp4: Buffer; frame: Buffer } {
  const tmp = mkdtempSync(join(tmpdir(), "seed-video-"));
  try {
    const out = join(tmp, "out.mp4");
    execFileSync("ffmpeg", [
      ...["-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=${w}x${h}:rate=25:duration=${seconds}`],
      ...["-c:v", "libx264", "-preset", "veryslow", "-crf", "34", "-pix_fmt", "yuv420p", "-profile:v", "baseline"],
      ...["-g", "25", "-movflags", "+faststart", "-an", "-map_metadata", "-1", "-fflags", "+bitexact", out],
    ]);
    const frame = join(tmp, "frame.png");
    execFileSync("ffmpeg", ["-loglevel", "error", "-i", out, "-frames:v", "1", frame]);
    return { mp4: readFileSync(out), frame: readFileSync(frame) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A PDF's first page as an image (poppler's pdftoppm), for its thumbnail. */
function firstPage(bytes: Buffer): Buffer {
  const tmp = mkdtempSync(join(tmpdir(), "seed-pdf-"));
  try {
    writeFileSync(join(tmp, "in.pdf"), bytes);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-singlefile", join(tmp, "in.pdf"), join(tmp, "page")]);
    return readFileSync(join(tmp, "page.png"));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Writes a document and its thumbnail ("m", plus a stripped "i" for JPEG ones) into seed/. */
async function seedDocument(
  name: string,
  bytes: Buffer,
  meta: Omit<SeedDocument, "asset" | "size" | "thumbs" | "stripped">,
  still?: { image: Buffer; box: number; format: "jpeg" | "webp" },
): Promise<SeedDocument> {
  writeFileSync(join(out, name), bytes);
  const doc: SeedDocument = { asset: name, size: bytes.length, ...meta };
  if (still) {
    const thumb = await makeThumb(still.image, still.box, still.format);
    const asset = `${name.replace(/\.[^.]+$/, "")}-thumb-m.${still.format === "webp" ? "webp" : "jpg"}`;
    writeFileSync(join(out, asset), thumb.bytes);
    doc.thumbs = [{ type: "m", w: thumb.w, h: thumb.h, size: thumb.bytes.length, asset }];
    if (thumb.stripped) doc.stripped = thumb.stripped.toString("base64");
  }
  return doc;
}

async function seedPhoto(prefix: string, jpeg: Buffer): Promise<SeedPhoto> {
  const photo = await makePhotoSizes(jpeg);
  for (const size of photo.sizes) writeFileSync(join(out, `${prefix}-${size.type}.jpg`), size.bytes);
  return {
    w: photo.w,
    h: photo.h,
    sizes: photo.sizes.map((s) => ({
      type: s.type,
      w: s.w,
      h: s.h,
      size: s.bytes.length,
      asset: `${prefix}-${s.type}.jpg`,
    })),
    stripped: photo.stripped?.toString("base64"),
  };
}

const cv = pdf(CV_LINES, "CV Ivan Petrov", "Ivan Petrov");
const digest = pdf(DIGEST_LINES, "Sandbox News digest", "Sandbox News");
const voice = voiceOgg();
writeFileSync(join(out, "voice.ogg"), voice.ogg);
const video = mp4(320, 180, 4);
const round = mp4(240, 240, 3);
const stickerWebp = await faceRgba(512, 1).webp({ quality: 85, alphaQuality: 90 }).toBuffer();
const animatedStill = await faceRgba(512, 0.8).png().toBuffer();

const manifest: SeedManifest = {
  cv: await seedDocument(
    "cv-ivan-petrov.pdf",
    cv,
    { mimeType: "application/pdf", attributes: [{ t: "filename", fileName: "CV_Ivan_Petrov.pdf" }] },
    { image: firstPage(cv), box: 320, format: "jpeg" },
  ),
  photo: await seedPhoto("diploma", await diplomaJpeg()),
  voice: {
    asset: "voice.ogg",
    mimeType: "audio/ogg",
    size: voice.ogg.length,
    attributes: [{ t: "audio", voice: true, duration: voice.duration, waveform: voice.waveform.toString("base64") }],
  },
  sticker: await seedDocument(
    "sticker-smile.webp",
    stickerWebp,
    {
      mimeType: "image/webp",
      attributes: [
        { t: "sticker", alt: "🙂" },
        { t: "imageSize", w: 512, h: 512 },
        { t: "filename", fileName: "sticker.webp" },
      ],
    },
    { image: stickerWebp, box: 128, format: "webp" },
  ),
  animatedSticker: await seedDocument(
    "sticker-pulse.tgs",
    tgs(),
    {
      mimeType: "application/x-tgsticker",
      attributes: [
        { t: "sticker", alt: "🎉" },
        { t: "imageSize", w: 512, h: 512 },
        { t: "filename", fileName: "AnimatedSticker.tgs" },
      ],
    },
    { image: animatedStill, box: 128, format: "webp" },
  ),
  video: await seedDocument(
    "video-intro.mp4",
    video.mp4,
    {
      mimeType: "video/mp4",
      attributes: [
        { t: "video", duration: 4, w: 320, h: 180, roundMessage: false, supportsStreaming: true },
        { t: "filename", fileName: "Ivan_Petrov_intro.mp4" },
      ],
    },
    { image: video.frame, box: 320, format: "jpeg" },
  ),
  round: await seedDocument(
    "video-round.mp4",
    round.mp4,
    {
      mimeType: "video/mp4",
      attributes: [{ t: "video", duration: 3, w: 240, h: 240, roundMessage: true, supportsStreaming: true }],
    },
    { image: round.frame, box: 320, format: "jpeg" },
  ),
  newsPhoto: await seedPhoto("office", await officeJpeg()),
  newsDigest: await seedDocument(
    "news-digest.pdf",
    digest,
    { mimeType: "application/pdf", attributes: [{ t: "filename", fileName: "Sandbox_News_digest.pdf" }] },
    { image: firstPage(digest), box: 320, format: "jpeg" },
  ),
};
writeFileSync(join(out, "media.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`seed media written to ${out}`);
