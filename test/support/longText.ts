import { utf8Length } from '../../nodes/shared/splitText';

/** Markdown with CJK, emoji and links, lines of varied length. Deterministic. */
export function sampleMarkdown(targetBytes: number): string {
	const pieces = [
		'## 每日销售报告 Daily sales',
		'> 订单数：<font color="info">128</font>，退款：<font color="warning">3</font>',
		'- 华东区 [查看详情](https://example.com/region/east?from=bot&lang=zh-CN)',
		'- Emoji ✅🚀👩‍💻 and a bare URL https://example.com/a/very/long/path/to/a/report.html',
		'平均客单价比上周提高了百分之十二，主要来自新品。'.repeat(3),
		'<@zhangsan> please check ![chart](https://example.com/chart.png)',
	];
	let text = '';
	for (let index = 0; utf8Length(text) < targetBytes; index++) {
		text += `${pieces[index % pieces.length]} #${index}\n`;
	}
	return text;
}

