/**
 * The WeCom node as the AI Agent's human review, in real n8n 2.41.1. n8n builds the "human review"
 * variant of the node (weComHitlTool); in the workflow it gates a WeCom send tool (the node as a
 * tool, weComTool). The agent's model is the sandbox's scripted one (sandbox/routes/llm.js) behind
 * n8n's OpenAI Chat Model: it calls the tool, then answers with what it read. The review card goes
 * to the manager in WeCom; Approve → the tool runs and the agent reads its result; Decline → the
 * tool does not run and the agent reads that the person rejected the call.
 */
import { chatRequestsOf, responsesRequestsOf, scriptModel } from '../../sandbox/routes/llm';
import type { InboxEntry } from '../../sandbox/routes/messages';
import { inboxOf } from '../../sandbox/routes/messages';
import { sandboxModelCredential } from '../../scripts/sandbox-credentials';
import { delay } from '../../scripts/n8n-instance';
import { nodeItems, nodeOutput, openInBrowser, startStack, waitForStatus } from './support/stack';
import type { Stack } from './support/stack';

const WAIT_MS = 30_000;
const REVIEW_TITLE = 'Agent wants to send a message';
/** The tool name n8n gives the node "Send WeCom Message" (the gated tool), as the model sees it. */
const GATED_TOOL = 'Send_WeCom_Message';
const PREVIEW_AGENT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({
		workflows: ['agent-human-review.json', 'agent-human-review-responses.json'],
		moreCredentials: (url) => [sandboxModelCredential(url)],
	});
	scriptModel(stack.sandbox, {
		toolName: GATED_TOOL,
		// The gated tool's own input (its $fromAI('text')); the review layer asks the model for nothing.
		toolArguments: () => ({ toolParameters: { text: noteOfThisRun }, hitlParameters: {} }),
		finalText: (results) => `Agent read: ${results.join(' | ')}`,
	});
});

afterAll(async () => await stack?.close());

/** What the scripted agent asks to send in the run under test. */
let noteOfThisRun = '';

async function waitFor<T>(what: string, find: () => T | undefined): Promise<T> {
	const deadline = Date.now() + WAIT_MS;
	while (Date.now() < deadline) {
		const found = find();
		if (found !== undefined) return found;
		await delay(200);
	}
	throw new Error(`timed out waiting for ${what}`);
}

function messagesTo(userid: string): InboxEntry[] {
	return inboxOf(stack.sandbox).filter((entry) => entry.kind === 'message' && entry.delivered.includes(userid));
}

/** The chat-completion requests of the run whose user message was `request`. */
function modelRequestsOf(request: string) {
	return chatRequestsOf(stack.sandbox).filter((body) => body.messages.some((message) => message.role === 'user' && message.content === request));
}

interface ReviewCard {
	executionId: string;
	card: { sub_title_text?: string; button_list: Array<{ text: string; type: number; url: string }> };
}

/** Starts the agent with a request and returns the review card it sent, once n8n waits for the answer. */
async function askAgent(request: string, note: string, path = 'e2e-agent-review'): Promise<ReviewCard> {
	noteOfThisRun = note;
	const started = await stack.n8n.webhook(path, { body: { request } });
	expect(started.status).toBe(200);
	const entry = await waitFor('the review card', () =>
		messagesTo('lisi').find((candidate) => String(candidate.message.template_card?.sub_title_text).includes(note)),
	);
	const card = entry.message.template_card as ReviewCard['card'] & { main_title: { title: string } };
	expect(card.main_title.title).toBe(REVIEW_TITLE);
	const executionId = /\/webhook-waiting\/(\d+)\//.exec(card.button_list[0].url)?.[1] ?? '';
	await waitForStatus(stack, executionId, ['waiting']);
	return { executionId, card };
}

/** The review node's answer as the agent received it (its ai_tool output). */
function reviewAnswer(runData: unknown): Record<string, unknown> {
	const resultData = (runData as { resultData: { runData: Record<string, Array<{ data: { ai_tool: Array<Array<{ json: Record<string, unknown> }>> } }>> } })
		.resultData;
	const [run] = resultData.runData['Manager Review'];
	return run.data.ai_tool[0][0].json;
}

test('Approve: the agent’s tool call waits for the card in WeCom, then the gated tool runs and the agent reads its result', async () => {
	const request = 'Tell Zhang San that lunch is at noon';
	const note = '午饭 12:00 — lunch is at noon';
	const { executionId, card } = await askAgent(request, note);

	// The model was offered the gated tool with n8n's review wrapper around its input.
	const [first] = modelRequestsOf(request);
	const offered = first.tools?.find((tool) => tool.function?.name === GATED_TOOL);
	expect(offered?.function?.parameters).toMatchObject({
		properties: { toolParameters: { properties: { text: { type: 'string' } } }, hitlParameters: { type: 'object' } },
		required: ['toolParameters', 'hitlParameters'],
	});
	// The card shows the tool and its input (n8n's default Message), with link buttons.
	expect(card.sub_title_text).toBe(`The agent wants to run this tool: ${GATED_TOOL}\n\nInput:\n${JSON.stringify({ text: note }, null, 2)}`);
	expect(card.button_list.map((button) => [button.text, button.type])).toEqual([
		['Approve', 1],
		['Decline', 1],
	]);
	expect(messagesTo('zhangsan').filter((entry) => entry.message.text?.content === note)).toHaveLength(0);

	// A link preview of Approve runs nothing.
	await fetch(card.button_list[0].url, { headers: { 'user-agent': PREVIEW_AGENT } });
	expect((await stack.n8n.execution(executionId)).status).toBe('waiting');

	const opened = await openInBrowser(card.button_list[0].url);
	expect(await opened.text()).toContain('Got it, thanks');
	const execution = await waitForStatus(stack, executionId, ['success']);

	expect(reviewAnswer(execution.data)).toEqual({ data: { approved: true, respondedAt: expect.any(String) } });
	const sent = messagesTo('zhangsan').filter((entry) => entry.message.text?.content === note);
	expect(sent).toHaveLength(1);
	const requests = modelRequestsOf(request);
	expect(requests).toHaveLength(2);
	const toolMessage = requests[1].messages.find((message) => message.role === 'tool');
	expect(JSON.parse(String(toolMessage?.content))).toEqual([expect.objectContaining({ msgid: sent[0].msgid })]);
	expect(nodeOutput(execution.data, 'Answered')).toEqual([{ output: `Agent read: ${String(toolMessage?.content)}` }]);
});

test('Decline: the gated tool does not run, and the agent reads that the person rejected the call', async () => {
	const request = 'Tell Zhang San the office is closed tomorrow';
	const note = 'The office is closed tomorrow';
	const { executionId, card } = await askAgent(request, note);

	await openInBrowser(card.button_list[1].url);
	const execution = await waitForStatus(stack, executionId, ['success']);

	expect(reviewAnswer(execution.data)).toEqual({ data: { approved: false, respondedAt: expect.any(String) } });
	expect(messagesTo('zhangsan').filter((entry) => entry.message.text?.content === note)).toHaveLength(0);
	expect(() => nodeItems(execution.data, 'Send WeCom Message')).toThrow('did not run');
	const requests = modelRequestsOf(request);
	expect(requests).toHaveLength(2);
	const toolMessage = requests[1].messages.find((message) => message.role === 'tool');
	// n8n's words to the agent for a rejected call (processHitlResponses), naming the gated node
	expect(JSON.parse(String(toolMessage?.content))).toEqual([
		{ output: expect.stringMatching(/^User rejected the tool call to Send WeCom Message \(id: call_sandbox_\d+\)\. STOP /) },
	]);
	expect(nodeOutput(execution.data, 'Answered')).toEqual([{ output: `Agent read: ${String(toolMessage?.content)}` }]);
});

test('the same with the OpenAI Chat Model’s default, the Responses API: Approve runs the tool and the agent reads its result', async () => {
	const request = 'Tell Zhang San the train leaves at 18:05';
	const note = 'The train leaves at 18:05';
	const { executionId, card } = await askAgent(request, note, 'e2e-agent-review-responses');
	await openInBrowser(card.button_list[0].url);
	const execution = await waitForStatus(stack, executionId, ['success']);

	expect(reviewAnswer(execution.data)).toEqual({ data: { approved: true, respondedAt: expect.any(String) } });
	const sent = messagesTo('zhangsan').filter((entry) => entry.message.text?.content === note);
	expect(sent).toHaveLength(1);
	const requests = responsesRequestsOf(stack.sandbox).filter((body) => JSON.stringify(body.input).includes(request));
	expect(requests).toHaveLength(2);
	const toolOutput = (requests[1].input as Array<{ type?: string; output?: string }>).find((item) => item.type === 'function_call_output');
	expect(String(toolOutput?.output)).toContain(String(sent[0].msgid));
	expect(nodeOutput(execution.data, 'Answered')).toEqual([{ output: `Agent read: ${String(toolOutput?.output)}` }]);
});
