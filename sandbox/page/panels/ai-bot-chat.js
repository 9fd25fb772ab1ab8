// @ts-nocheck -- a browser script: the repo's typecheck knows Node's types, not the DOM's
// AI bot chat: a panel whose body the chat script (sandbox/page/aiBotChat.js, served by
// routes/aiBot.js) fills: type as a member, watch the answer bubble fill in, click card buttons.
'use strict';

(() => {
	const { el, panel } = window.SandboxPage;
	panel({ id: 'ai-bot-chat', column: 'side', order: 10, title: 'AI bot chat', subtitle: 'a member talking to the bot', render() {} });
	document.body.append(el('script', { src: '/ui/ai-bot-chat.js' }));
})();
