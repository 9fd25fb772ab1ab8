// @ts-nocheck -- browser code (the sandbox page), outside the Node type check
// The AI bot chat panel of the sandbox page: type as a member, watch the answer bubble fill in,
// click card buttons, enter the chat for a welcome. It talks to /__sandbox/aibot (routes/aiBot.js)
// and fills the <section id="ai-bot-chat"> of index.html. Contents are set with textContent, or as
// the DOM nodes of the page's markdown renderer (the bot's answers are markdown, as in WeCom).
(() => {
	'use strict';
	const root = document.getElementById('ai-bot-chat');
	if (!root) return;
	const style = document.createElement('style');
	style.textContent = `
		#ai-bot-chat .chat { display: flex; flex-direction: column; gap: 6px; max-height: 420px; overflow: auto; padding: 8px; background: #f5f7fa; border-radius: 6px; margin-bottom: 8px; }
		#ai-bot-chat .line { display: flex; }
		#ai-bot-chat .line.member { justify-content: flex-end; }
		#ai-bot-chat .bubble { max-width: 80%; padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; background: #fff; border: 1px solid #e4e7ec; }
		#ai-bot-chat .member .bubble { background: #95ec69; border-color: #85d45c; }
		#ai-bot-chat .bubble.streaming::after { content: ' ▍'; color: #667085; }
		#ai-bot-chat .bubble .meta { display: block; color: #667085; font-size: 11px; }
		#ai-bot-chat .picture { display: block; max-width: 240px; max-height: 240px; margin-top: 6px; border-radius: 6px; }
		#ai-bot-chat .card { border: 1px solid #d0d5dd; border-radius: 8px; padding: 8px 10px; background: #fff; max-width: 80%; }
		#ai-bot-chat .card .title { font-weight: 600; }
		#ai-bot-chat .card button { margin: 6px 6px 0 0; }
		#ai-bot-chat .system { color: #667085; font-size: 12px; text-align: center; }
		#ai-bot-chat .controls { display: grid; grid-template-columns: minmax(0, 1fr) auto minmax(0, 2fr) auto; gap: 6px; margin-bottom: 6px; }
		#ai-bot-chat .status { font-size: 12px; color: #667085; margin-bottom: 6px; }
	`;
	document.head.append(style);

	const el = (tag, className, text) => {
		const node = document.createElement(tag);
		if (className) node.className = className;
		if (text !== undefined) node.textContent = String(text);
		return node;
	};
	// The bot's markdown as the WeCom client shows it (page.js's renderer); plain text without it.
	const markdownBubble = (className, source) => {
		const render = window.SandboxPage && window.SandboxPage.markdown;
		if (!render) return el('div', className, source);
		const bubble = el('div', className);
		bubble.append(render(source));
		return bubble;
	};
	const post = async (path, body) =>
		await fetch(`/__sandbox/aibot${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });

	root.replaceChildren();
	const intro = el('div', 'status', 'Be a member talking to the AI bot (智能机器人) your workflow answers.');
	const status = el('div', 'status', 'connecting…');
	const chat = el('div', 'chat');
	const user = el('select');
	const chatType = el('select');
	for (const [value, label] of [['single', 'single chat'], ['group', 'group (@bot)']]) {
		const option = el('option', '', label);
		option.value = value;
		chatType.append(option);
	}
	const text = el('input');
	text.placeholder = 'Type a message (try "card" or "slow")';
	const send = el('button', '', 'Send');
	const enter = el('button', 'secondary', 'Enter chat (welcome)');
	const form = el('form', 'controls');
	form.append(user, chatType, text, send);
	root.append(intro, status, chat, form, enter);

	fetch('/ui/state', { cache: 'no-store' })
		.then((response) => response.json())
		.then((state) => {
			for (const member of state.users ?? []) {
				const option = el('option', '', `${member.name} (${member.userid})`);
				option.value = member.userid;
				user.append(option);
			}
		})
		.catch(() => undefined);

	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		if (!text.value.trim()) return;
		await post('/message', { userid: user.value || 'zhangsan', text: text.value, chattype: chatType.value });
		text.value = '';
		refresh();
	});
	enter.addEventListener('click', async () => {
		await post('/enter', { userid: user.value || 'zhangsan' });
		refresh();
	});

	const cardView = (card, clickable) => {
		const box = el('div', 'card');
		box.append(el('div', 'title', card.main_title?.title ?? card.card_type));
		if (card.main_title?.desc) box.append(el('div', '', card.main_title.desc));
		for (const button of card.button_list ?? []) {
			const node = el('button', button.style === 2 ? 'secondary' : '', button.text);
			node.disabled = !clickable;
			node.addEventListener('click', async () => {
				await post('/click', { userid: user.value || 'zhangsan', taskId: card.task_id, eventKey: button.key });
				refresh();
			});
			box.append(node);
		}
		return box;
	};
	const line = (side, child) => {
		const row = el('div', `line ${side}`);
		row.append(child);
		return row;
	};

	let shown = '';
	const render = (view) => {
		status.textContent = view.bot.connected
			? `Bot ${view.bot.botId}: long connection open (subscribes: ${view.subscribes}, pings: ${view.pings})`
			: view.bot.callbackUrl
				? `Bot ${view.bot.botId}: callback URL ${view.bot.callbackUrl}`
				: `Bot ${view.bot.botId}: no n8n connected yet — publish a workflow with the WeCom AI Bot Trigger`;
		const key = JSON.stringify([view.turns, view.proactive]);
		if (key === shown) return;
		shown = key;
		const updatedTasks = new Set(view.turns.filter((turn) => turn.update).map((turn) => turn.body.event?.template_card_event?.task_id));
		chat.replaceChildren();
		const items = [
			...view.turns.map((turn) => ({ at: turn.at, turn })),
			...view.proactive.map((sent) => ({ at: sent.at, sent })),
		].sort((a, b) => a.at - b.at);
		for (const { turn, sent } of items) {
			if (sent) {
				const body = sent.body;
				if (body.msgtype === 'image') {
					const picture = el('img', 'picture');
					picture.src = `/__sandbox/aibot/image?id=${encodeURIComponent(body.image?.media_id ?? '')}`;
					picture.alt = 'image sent by media_id';
					chat.append(line('bot', picture));
					continue;
				}
				chat.append(line('bot', body.msgtype === 'template_card' ? cardView(body.template_card, true) : (body.markdown ? markdownBubble('bubble', body.markdown.content ?? '') : el('div', 'bubble', `[${body.msgtype}]`))));
				continue;
			}
			const who = turn.body.from?.userid ?? '';
			if (turn.kind === 'message') {
				const words = turn.body.text?.content ?? turn.body.voice?.content ?? `[${turn.body.msgtype}]`;
				const mine = el('div', 'bubble', words);
				mine.append(el('span', 'meta', `${who} · ${turn.body.chattype}`));
				chat.append(line('member', mine));
				if (turn.bubble) {
					const answer = markdownBubble(`bubble${turn.bubble.finished ? '' : ' streaming'}`, turn.bubble.content);
					for (const image of turn.bubble.images ?? []) {
						const picture = el('img', 'picture');
						picture.src = `/__sandbox/aibot/image?id=${encodeURIComponent(image.id)}`;
						picture.alt = `${image.format.toUpperCase()} image, ${image.bytes} bytes`;
						answer.append(picture);
					}
					answer.append(el('span', 'meta', `${turn.bubble.frames} frame(s) · first after ${turn.bubble.firstFrameAt - turn.at} ms`));
					chat.append(line('bot', answer));
				}
				for (const card of turn.cards) chat.append(line('bot', cardView(card, !updatedTasks.has(card.task_id))));
				for (const media of turn.media ?? []) {
					if (media.type === 'image') {
						const picture = el('img', 'picture');
						picture.src = `/__sandbox/aibot/image?id=${encodeURIComponent(media.media_id)}`;
						picture.alt = media.filename;
						chat.append(line('bot', picture));
					} else {
						chat.append(line('bot', el('div', 'bubble', `📎 ${media.filename} (${media.type}, ${media.bytes} bytes)`)));
					}
				}
			} else if (turn.kind === 'enter_chat') {
				chat.append(el('div', 'system', `${who} entered the chat`));
				if (turn.welcome) {
					chat.append(line('bot', turn.welcome.msgtype === 'text' ? el('div', 'bubble', turn.welcome.text.content) : cardView(turn.welcome.template_card, true)));
				}
			} else if (turn.kind === 'template_card_event') {
				chat.append(el('div', 'system', `${who} clicked "${turn.body.event.template_card_event.event_key}"`));
				if (turn.update) chat.append(line('bot', cardView(turn.update.template_card, false)));
			}
		}
		chat.scrollTop = chat.scrollHeight;
	};

	let timer;
	const refresh = () => {
		clearTimeout(timer);
		fetch('/__sandbox/aibot', { cache: 'no-store' })
			.then((response) => response.json())
			.then(render)
			.catch(() => undefined)
			.finally(() => {
				timer = setTimeout(refresh, 300);
			});
	};
	refresh();
})();
