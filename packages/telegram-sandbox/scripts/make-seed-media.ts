// Builds the seeded candidate's files once; the output in seed/ is committed, so neither the
// sandbox nor CI needs opusenc. Run: npx tsx packages/telegram-sandbox/scripts/make-seed-media.ts
// (needs opus-tools from Debian: apt-get install opus-tools).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { makePhotoSizes } from "../src/photos";
import { packWaveform, type SeedManifest } from "../src/seed-media";

const out = join(import.meta.dirname, "..", "seed");

/** A one-page PDF in Helvetica, offsets computed so every reader accepts it. */
function cvPdf(): Buffer {
  const lines = [
    "Ivan Petrov - Curriculum Vitae",
    "",
    "Backend developer, 6 years: TypeScript, Node.js, PostgreSQL.",
    "2021-2025  Senior developer, Example Logistics (Moscow)",
    "2019-2021  Developer, Sample Bank (Kazan)",
    "Education: Kazan Federal University, Applied Mathematics, 2019",
    "Languages: Russian (native), English (B2)",
    "Contact: @ivan (Telegram)",
  ];
  const text = lines
    .map((l, i) => `BT /F1 ${i === 0 ? 18 : 11} Tf 56 ${780 - i * 22} Td (${l.replace(/[()\\]/g, "\\$&")}) Tj ET`)
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    "<< /Title (CV Ivan Petrov) /Author (Ivan Petrov) /Producer (tgdesk sandbox) >>",
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

const cv = cvPdf();
writeFileSync(join(out, "cv-ivan-petrov.pdf"), cv);
const jpeg = await diplomaJpeg();
const photo = await makePhotoSizes(jpeg);
for (const size of photo.sizes) writeFileSync(join(out, `diploma-${size.type}.jpg`), size.bytes);
const voice = voiceOgg();
writeFileSync(join(out, "voice.ogg"), voice.ogg);

const manifest: SeedManifest = {
  cv: {
    asset: "cv-ivan-petrov.pdf",
    mimeType: "application/pdf",
    size: cv.length,
    attributes: [{ t: "filename", fileName: "CV_Ivan_Petrov.pdf" }],
  },
  photo: {
    w: photo.w,
    h: photo.h,
    sizes: photo.sizes.map((s) => ({
      type: s.type,
      w: s.w,
      h: s.h,
      size: s.bytes.length,
      asset: `diploma-${s.type}.jpg`,
    })),
    stripped: photo.stripped?.toString("base64"),
  },
  voice: {
    asset: "voice.ogg",
    mimeType: "audio/ogg",
    size: voice.ogg.length,
    attributes: [{ t: "audio", voice: true, duration: voice.duration, waveform: voice.waveform.toString("base64") }],
  },
};
writeFileSync(join(out, "media.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`seed media written to ${out}`);
