/**
 * Splits text or markdown that is over WeCom's byte limit into parts that each fit and that,
 * joined, give back the original exactly. Used by the Group Bot node and by the WeCom node's
 * Message → Send, whose "Split Long Messages" options both send each part as its own message.
 *
 * Parts end at line breaks where possible. A single line longer than the limit is cut after a
 * space, else between two characters, where a character is what a reader sees as one (a grapheme
 * cluster, as Intl.Segmenter finds them): never inside a flag, an emoji with a skin tone or a ZWJ
 * sequence, a tag sequence, a letter with combining marks or CR LF, and so never inside UTF-8.
 * It never cuts inside a markdown link or image `[text](url)`, and avoids cutting a bare URL or a
 * tag such as `<font color="info">` or `<@userid>`, unless that one piece is itself longer than
 * the limit. Only a single character longer than the limit is cut between its code points.
 *
 * Time is linear in the length of the text: every boundary and protected span of a long line is
 * found in one pass, and each cut looks back at most one part's length.
 */

export function utf8Length(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

/** UTF-8 bytes of the code point starting at `index` (a lone surrogate counts as 3, as Buffer does). */
function codePointBytes(text: string, index: number): number {
	const code = text.charCodeAt(index);
	if (code < 0x80) return 1;
	if (code < 0x800) return 2;
	if (code >= 0xd800 && code <= 0xdbff) {
		const next = text.charCodeAt(index + 1);
		if (next >= 0xdc00 && next <= 0xdfff) return 4;
	}
	return 3;
}

function isHighSurrogateAt(text: string, index: number): boolean {
	const code = text.charCodeAt(index);
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogateAt(text: string, index: number): boolean {
	const code = text.charCodeAt(index);
	return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Characters whose grapheme break property is "Other" and that are not pictographic-sensitive in
 * any rule: between two of them there is always a boundary (Unicode UAX #29, GB999). Printable
 * ASCII, Latin-1 and Latin Extended letters, CJK punctuation and ideographs, full-width forms.
 */
function isPlainCode(code: number): boolean {
	return (
		(code >= 0x20 && code <= 0x7e) ||
		(code >= 0xa0 && code <= 0x2ff && code !== 0xad) ||
		(code >= 0x3001 && code <= 0x3029) ||
		(code >= 0x3400 && code <= 0x4dbf) ||
		(code >= 0x4e00 && code <= 0x9fff) ||
		(code >= 0xff01 && code <= 0xff5e)
	);
}

/** Small slices only: V8's segment iterator costs time in the length of the string per step. */
const SEGMENT_CHUNK = 64;

let segmenter: Intl.Segmenter | undefined;

function graphemeSegmenter(): Intl.Segmenter {
	segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
	return segmenter;
}

/** Marks the cluster starts inside [start, end); both ends are known boundaries. */
function segmentStretch(text: string, start: number, end: number, boundaries: Uint8Array): void {
	let from = start;
	let size = SEGMENT_CHUNK;
	while (from < end) {
		let to = Math.min(end, from + size);
		if (to < end && isHighSurrogateAt(text, to - 1)) to++;
		let lastStart = 0;
		for (const { index } of graphemeSegmenter().segment(text.slice(from, to))) {
			boundaries[from + index] = 1;
			lastStart = index;
		}
		if (to === end) return;
		// The chunk's last cluster may go on past the chunk: start again at its beginning.
		if (lastStart === 0) {
			size *= 2; // one cluster longer than the chunk
			continue;
		}
		from += lastStart;
		size = SEGMENT_CHUNK;
	}
}

/**
 * `boundaries[i] === 1` when a part may end before `text[i]` without cutting a user-perceived
 * character (0 and text.length included). Between two plain characters the answer is known;
 * Intl.Segmenter decides the rest, in small slices that start at a known boundary.
 */
export function graphemeBoundaries(text: string): Uint8Array {
	const length = text.length;
	const boundaries = new Uint8Array(length + 1);
	boundaries[0] = 1;
	let safe = 0; // the last index known to be a boundary
	for (let index = 1; index <= length; index++) {
		const known = index === length || (isPlainCode(text.charCodeAt(index - 1)) && isPlainCode(text.charCodeAt(index)));
		if (!known) continue;
		if (index - safe > 1) segmentStretch(text, safe, index, boundaries);
		boundaries[index] = 1;
		safe = index;
	}
	return boundaries;
}

type Span = [start: number, end: number];

/**
 * Markdown links and images `[text](url)`, found the way /!?\[[^\]\n]*\]\([^)\n]*\)/g finds them,
 * in one pass (that pattern rescans the rest of the line from every `[`).
 */
function linkSpans(text: string): Span[] {
	const spans: Span[] = [];
	let index = 0;
	while (index < text.length) {
		const open = text.indexOf('[', index);
		if (open === -1) break;
		// Every `[` before the first `]` or line break shares that end: only the first can match.
		let close = open + 1;
		while (close < text.length && text[close] !== ']' && text[close] !== '\n') close++;
		if (text[close] !== ']' || text[close + 1] !== '(') {
			index = close + 1;
			continue;
		}
		let end = close + 2;
		while (end < text.length && text[end] !== ')' && text[end] !== '\n') end++;
		if (text[end] !== ')') {
			index = end + 1;
			continue;
		}
		spans.push([open > 0 && text[open - 1] === '!' ? open - 1 : open, end + 1]);
		index = end + 1;
	}
	return spans;
}

const BARE_URL = /https?:\/\/[^\s<>()[\]"']+/g;
const TAG = /<[^<>\n]{1,256}>/g; // <font color="…">, </font>, <@userid>

function patternSpans(text: string, pattern: RegExp): Span[] {
	return [...text.matchAll(pattern)].map((match) => [match.index ?? 0, (match.index ?? 0) + match[0].length]);
}

/** 1 at every index strictly inside a span that fits in one part. */
function insideMarks(spans: Span[][], prefixBytes: Uint32Array, maxBytes: number, length: number): Uint8Array {
	const marks = new Uint8Array(length + 1);
	for (const list of spans) {
		for (const [start, end] of list) {
			// A piece longer than a whole part cannot be kept together anyway.
			if (prefixBytes[end] - prefixBytes[start] > maxBytes) continue;
			marks.fill(1, start + 1, end);
		}
	}
	return marks;
}

/** Bytes of text[0, i) for every i; inside a surrogate pair it counts the pair whole. */
function prefixByteCounts(text: string): Uint32Array {
	const prefix = new Uint32Array(text.length + 1);
	let bytes = 0;
	for (let index = 0; index < text.length; ) {
		const size = codePointBytes(text, index);
		const units = size === 4 ? 2 : 1;
		bytes += size;
		for (let unit = 1; unit <= units; unit++) prefix[index + unit] = bytes;
		index += units;
	}
	return prefix;
}

const WHITESPACE = /\s/y;

function followsWhitespace(text: string, index: number): boolean {
	WHITESPACE.lastIndex = index - 1;
	return WHITESPACE.test(text);
}

/** Cuts one line longer than maxBytes. */
function splitLongLine(line: string, maxBytes: number): string[] {
	const length = line.length;
	const prefix = prefixByteCounts(line);
	const boundaries = graphemeBoundaries(line);
	const links = linkSpans(line);
	const insideAny = insideMarks([links, patternSpans(line, BARE_URL), patternSpans(line, TAG)], prefix, maxBytes, length);
	const insideLink = insideMarks([links], prefix, maxBytes, length);
	const isCodePointStart = (index: number) => !isLowSurrogateAt(line, index);

	// Best first: after a space outside every protected piece; at any character outside them; the
	// same outside links only (the URL and tag patterns are heuristics and may overlap a link);
	// at any character; between code points (a single character longer than a part).
	const preferences: Array<(index: number) => boolean> = [
		(index) => boundaries[index] === 1 && insideAny[index] === 0 && followsWhitespace(line, index),
		(index) => boundaries[index] === 1 && insideAny[index] === 0,
		(index) => boundaries[index] === 1 && insideLink[index] === 0 && followsWhitespace(line, index),
		(index) => boundaries[index] === 1 && insideLink[index] === 0,
		(index) => boundaries[index] === 1,
		isCodePointStart,
	];

	const pieces: string[] = [];
	let start = 0;
	let limit = 0; // the furthest end whose piece fits; only moves forward
	while (prefix[length] - prefix[start] > maxBytes) {
		while (limit < length && prefix[limit + 1] - prefix[start] <= maxBytes) limit++;
		while (limit > start && !isCodePointStart(limit)) limit--;
		let cut = 0;
		for (const allowed of preferences) {
			for (let index = limit; index > start && cut === 0; index--) {
				if (allowed(index)) cut = index;
			}
			if (cut !== 0) break;
		}
		if (cut === 0) cut = start + (isHighSurrogateAt(line, start) ? 2 : 1); // maxBytes below 4
		pieces.push(line.slice(start, cut));
		start = cut;
	}
	pieces.push(line.slice(start));
	return pieces;
}

/** Parts of at most maxBytes each; `parts.join('') === content`. */
export function splitMessage(content: string, maxBytes: number): string[] {
	if (utf8Length(content) <= maxBytes) return [content];
	const parts: string[] = [];
	let current = '';
	let currentBytes = 0;
	for (const line of content.split(/(?<=\n)/)) {
		const lineBytes = utf8Length(line);
		if (currentBytes + lineBytes <= maxBytes) {
			current += line;
			currentBytes += lineBytes;
			continue;
		}
		if (current !== '') parts.push(current);
		const pieces = lineBytes <= maxBytes ? [line] : splitLongLine(line, maxBytes);
		parts.push(...pieces.slice(0, -1));
		current = pieces[pieces.length - 1];
		currentBytes = utf8Length(current);
	}
	if (current !== '') parts.push(current);
	return parts;
}
