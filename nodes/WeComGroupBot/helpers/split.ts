/**
 * Splits text or markdown that is over WeCom's byte limit into parts that each fit and that,
 * joined, give back the original exactly.
 *
 * Parts end at line breaks where possible. A single line longer than the limit is cut after a
 * space, else between two characters; never inside a UTF-8 character (cuts are at code point
 * boundaries, and not before a combining mark or inside an emoji sequence) and never inside a
 * markdown link or image `[text](url)`, a bare URL or a tag such as `<font color="info">` or
 * `<@userid>`, unless that one piece is itself longer than the limit.
 */

export function utf8Length(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

const LINK_PATTERN = /!?\[[^\]\n]*\]\([^)\n]*\)/g; // markdown link or image
const OTHER_PROTECTED_PATTERNS = [
	/https?:\/\/[^\s<>()[\]"']+/g, // bare URL
	/<[^<>\n]{1,256}>/g, // <font color="…">, </font>, <@userid>
];

/** Characters that belong to the character before them. */
const JOINS_PREVIOUS = /^(?:\p{M}|\u200d|[\ufe00-\ufe0f])/u;

type Span = [start: number, end: number];

function spansOf(text: string, pattern: RegExp, maxBytes: number): Span[] {
	const spans: Span[] = [];
	for (const match of text.matchAll(pattern)) {
		const start = match.index ?? 0;
		// A piece longer than a whole part cannot be kept together anyway.
		if (utf8Length(match[0]) <= maxBytes) spans.push([start, start + match[0].length]);
	}
	return spans;
}

function isCharacterBoundary(text: string, index: number): boolean {
	if (index <= 0 || index >= text.length) return false;
	const before = text.charCodeAt(index - 1);
	const isHighSurrogate = before >= 0xd800 && before <= 0xdbff;
	if (isHighSurrogate) return false;
	if (text[index - 1] === '\u200d') return false;
	return !JOINS_PREVIOUS.test(text.slice(index, index + 1));
}

/** The largest UTF-16 index whose prefix fits in maxBytes. */
function fittingPrefixEnd(text: string, maxBytes: number): number {
	let bytes = 0;
	let index = 0;
	for (const character of text) {
		const size = utf8Length(character);
		if (bytes + size > maxBytes) break;
		bytes += size;
		index += character.length;
	}
	return index;
}

/** Where to cut a line that is longer than maxBytes: an index in (0, text.length). */
function cutPoint(text: string, maxBytes: number): number {
	const limit = fittingPrefixEnd(text, maxBytes);
	const links = spansOf(text, LINK_PATTERN, maxBytes);
	const others = OTHER_PROTECTED_PATTERNS.flatMap((pattern) => spansOf(text, pattern, maxBytes));
	// Keep everything whole if possible; else at least the links (the URL and tag patterns are
	// heuristics and may overlap a link); else cut at any character boundary.
	for (const spans of [[...links, ...others], links]) {
		const allowed = (index: number) =>
			isCharacterBoundary(text, index) && !spans.some(([start, end]) => start < index && index < end);
		for (let index = limit; index > 0; index--) {
			if (/\s/.test(text[index - 1]) && allowed(index)) return index;
		}
		for (let index = limit; index > 0; index--) {
			if (allowed(index)) return index;
		}
	}
	for (let index = limit; index > 0; index--) {
		if (isCharacterBoundary(text, index)) return index;
	}
	return Math.max(limit, 1);
}

function splitLongLine(line: string, maxBytes: number): string[] {
	const pieces: string[] = [];
	let rest = line;
	while (utf8Length(rest) > maxBytes) {
		const cut = cutPoint(rest, maxBytes);
		pieces.push(rest.slice(0, cut));
		rest = rest.slice(cut);
	}
	pieces.push(rest);
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
