import fc from 'fast-check';

import { graphemeBoundaries, splitMessage, utf8Length } from '../../nodes/shared/splitText';
import { sampleMarkdown } from '../support/longText';

const LINK = /!?\[[^\]\n]*\]\([^)\n]*\)/g;

/** [start, end) of every markdown link in the text. */
function linkSpans(text: string): Array<[number, number]> {
	return [...text.matchAll(LINK)].map((match) => [match.index ?? 0, (match.index ?? 0) + match[0].length]);
}

/** Offsets (UTF-16) where one part ends and the next begins. */
function cutOffsets(parts: string[]): number[] {
	const offsets: number[] = [];
	let offset = 0;
	for (const part of parts.slice(0, -1)) {
		offset += part.length;
		offsets.push(offset);
	}
	return offsets;
}

function isLoneSurrogateAt(text: string, index: number): boolean {
	const code = text.charCodeAt(index);
	return code >= 0xdc00 && code <= 0xdfff;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Where Intl.Segmenter puts grapheme boundaries in the whole text (small texts only). */
function segmenterBoundaries(text: string): Set<number> {
	const boundaries = new Set([text.length]);
	for (const { index } of segmenter.segment(text)) boundaries.add(index);
	return boundaries;
}

/** The user-perceived characters of a text. */
function graphemes(text: string): string[] {
	return [...segmenter.segment(text)].map(({ segment }) => segment);
}

/** UTF-8 bytes of the text's largest user-perceived character. */
function largestCharacter(text: string): number {
	return Math.max(4, ...graphemes(text).map((piece) => utf8Length(piece)));
}

/** Characters that the old splitter cut into pieces, and the text around them. */
const TRICKY = [
	'🇨🇳', // regional-indicator pair (flag)
	'🇺🇸🇩🇪', // two flags in a row
	'👍🏽', // skin-tone modifier
	'👩🏾‍🔬', // skin tone inside a ZWJ sequence
	'🏴󠁧󠁢󠁳󠁣󠁴󠁿', // tag sequence (flag of Scotland)
	'👨‍👩‍👧‍👦', // ZWJ family
	'\r\n', // CR LF
	'e\u0301\u0302', // combining marks
	'1\ufe0f\u20e3', // keycap
	'क्षि', // Devanagari conjunct
	'한글', // Hangul syllables
	'\u1100\u1161\u11a8', // Hangul jamo forming one syllable
	'©\u200d', // pictograph and a dangling ZWJ
	'中文',
	'a',
	' ',
	'\n',
	'[链接](https://example.com/a)',
];

const trickyText = fc
	.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 60 })
	.map((pieces) => pieces.join(''));

describe('graphemeBoundaries', () => {
	test('property: the same boundaries as Intl.Segmenter over the whole text', () => {
		fc.assert(
			fc.property(trickyText, (text) => {
				const marks = graphemeBoundaries(text);
				const expected = segmenterBoundaries(text);
				for (let index = 0; index <= text.length; index++) {
					expect([index, marks[index] === 1]).toEqual([index, expected.has(index)]);
				}
			}),
			{ numRuns: 400, seed: 11 },
		);
	});

	test('a cluster longer than the segmenter’s slices is found whole', () => {
		const long = `a${'\u0301'.repeat(300)}b`;
		const marks = graphemeBoundaries(long);
		expect([...marks].flatMap((mark, index) => (mark === 1 ? [index] : []))).toEqual([0, 301, 302]);
	});
});

describe('splitMessage never cuts inside a user-perceived character', () => {
	test.each([
		['flags', '🇨🇳🇨🇳🇨🇳', 12, ['🇨🇳', '🇨🇳', '🇨🇳']],
		['skin tones', '👍🏽👍🏽👍🏽', 12, ['👍🏽', '👍🏽', '👍🏽']],
		['tag sequences', '🏴󠁧󠁢󠁳󠁣󠁴󠁿🏴󠁧󠁢󠁳󠁣󠁴󠁿', 30, ['🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']],
		['ZWJ sequences', '👩‍💻👩‍💻', 16, ['👩‍💻', '👩‍💻']],
		['CR LF inside a long line', `${'a'.repeat(7)}\r\nb`, 8, ['a'.repeat(7), '\r\nb']],
	])('%s', (_name, text, maxBytes, expected) => {
		expect(splitMessage(text, maxBytes)).toEqual(expected);
	});

	test('a character longer than a whole part is cut between its code points, never inside one', () => {
		const family = '👨‍👩‍👧‍👦'; // 25 bytes
		const parts = splitMessage(family, 8);
		expect(parts.join('')).toBe(family);
		for (const part of parts) {
			expect(utf8Length(part)).toBeLessThanOrEqual(8);
			expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part); // no lone surrogate
		}
	});

	test('property: parts fit, join back, and every cut is a grapheme boundary', () => {
		fc.assert(
			fc.property(trickyText, fc.integer({ min: 0, max: 120 }), (text, extra) => {
				// A part holds the largest character and more, so no character needs cutting.
				const maxBytes = largestCharacter(text) + extra;
				const parts = splitMessage(text, maxBytes);
				expect(parts.join('')).toBe(text);
				for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(maxBytes);
				const boundaries = segmenterBoundaries(text);
				for (const offset of cutOffsets(parts)) expect([offset, boundaries.has(offset)]).toEqual([offset, true]);
				for (const part of parts) expect(graphemes(part).join('')).toBe(part);
			}),
			{ numRuns: 400, seed: 12 },
		);
	});

	test('property: a long line of characters of every kind keeps each one whole', () => {
		const character = fc.constantFrom(...TRICKY.filter((piece) => !piece.includes('\n') && !piece.includes('[')));
		fc.assert(
			fc.property(fc.array(character, { minLength: 20, maxLength: 200 }), fc.integer({ min: 0, max: 200 }), (pieces, extra) => {
				const text = pieces.join('');
				const maxBytes = largestCharacter(text) + extra;
				const parts = splitMessage(text, maxBytes);
				expect(parts.join('')).toBe(text);
				const whole = new Set(graphemes(text));
				for (const part of parts) {
					expect(utf8Length(part)).toBeLessThanOrEqual(maxBytes);
					for (const piece of graphemes(part)) expect(whole.has(piece)).toBe(true);
				}
			}),
			{ numRuns: 200, seed: 13 },
		);
	});
});

describe('splitMessage on the lines that used to take quadratic time', () => {
	test('a line of one repeated link-like piece: parts fit, join back, and keep each link whole', () => {
		const line = '[a>b<c](d)e'.repeat(2000);
		const parts = splitMessage(line, 4096);
		expect(parts.join('')).toBe(line);
		for (const part of parts) {
			expect(utf8Length(part)).toBeLessThanOrEqual(4096);
			expect(part.startsWith('[') || part.startsWith('e')).toBe(true);
		}
	});

	test('a line of brackets that never close is cut at the limit', () => {
		const line = '['.repeat(10_000);
		const parts = splitMessage(line, 4096);
		expect(parts.map((part) => part.length)).toEqual([4096, 4096, 1808]);
	});
});

describe('splitMessage', () => {
	test('a 10,000-byte markdown: parts fit, join back, and cut at line ends', () => {
		const markdown = sampleMarkdown(10_000);
		expect(utf8Length(markdown)).toBeGreaterThanOrEqual(10_000);
		const parts = splitMessage(markdown, 4096);
		expect(parts.length).toBeGreaterThanOrEqual(3);
		expect(parts.join('')).toBe(markdown);
		for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(4096);
		for (const part of parts.slice(0, -1)) expect(part.endsWith('\n')).toBe(true);
	});

	test('one long CJK line with links right at the limit: no cut inside a character or a link', () => {
		const link = '[第二季度报告](https://example.com/q2)';
		// 4090 bytes of CJK, then a link that straddles the 4096-byte limit.
		const line = `${'报'.repeat(1363)}${link}${'表'.repeat(2000)}${link}尾`;
		const parts = splitMessage(line, 4096);
		expect(parts.join('')).toBe(line);
		for (const part of parts) {
			expect(utf8Length(part)).toBeLessThanOrEqual(4096);
			expect(part).toBe(Buffer.from(part, 'utf8').toString('utf8'));
		}
		const spans = linkSpans(line);
		for (const offset of cutOffsets(parts)) {
			expect(spans.some(([start, end]) => start < offset && offset < end)).toBe(false);
		}
		expect(parts[1].startsWith(link)).toBe(true);
	});

	test('text limit 2048: emoji sequences and surrogate pairs stay whole', () => {
		const line = '👩‍💻🚀'.repeat(400);
		const parts = splitMessage(line, 2048);
		expect(parts.join('')).toBe(line);
		for (const part of parts) {
			expect(utf8Length(part)).toBeLessThanOrEqual(2048);
			expect(isLoneSurrogateAt(part, 0)).toBe(false);
			expect(part.startsWith('\u200d')).toBe(false);
		}
	});

	test('property: any text splits into fitting parts that join back, never inside a link', () => {
		const fragment = fc.oneof(
			fc.constantFrom('\n', ' ', '中文', '😀', 'é', 'e\u0301', '👩‍💻', '<font color="info">ok</font>'),
			fc.string({ maxLength: 30 }),
			fc
				.tuple(fc.string({ maxLength: 12 }), fc.webUrl())
				.map(([label, url]) => `[${label.replace(/[[\]\n]/g, '')}](${url.replace(/[()]/g, '')})`),
		);
		fc.assert(
			fc.property(fc.array(fragment, { maxLength: 120 }), fc.integer({ min: 64, max: 400 }), (pieces, maxBytes) => {
				const text = pieces.join('');
				const parts = splitMessage(text, maxBytes);
				expect(parts.join('')).toBe(text);
				for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(maxBytes);
				for (const offset of cutOffsets(parts)) {
					expect(isLoneSurrogateAt(text, offset)).toBe(false);
					const inside = linkSpans(text).some(
						([start, end]) => start < offset && offset < end && utf8Length(text.slice(start, end)) <= maxBytes,
					);
					expect(inside).toBe(false);
				}
			}),
			{ numRuns: 300, seed: 6 },
		);
	});
});
