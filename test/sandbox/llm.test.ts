/**
 * The sandbox's scripted chat model (sandbox/routes/llm.js) over HTTP, in the shapes n8n's OpenAI
 * Chat Model sends (Chat Completions, plain and streamed). The AI Agent driving it in real n8n is
 * test/e2e/agentHumanReview.test.ts.
 */
import { LLM_API_KEY, LLM_MODEL, chatRequestsOf, responsesRequestsOf, scriptModel } from '../../sandbox/routes/llm';
import { startSandbox } from '../../sandbox/server';
import type { WeComSandbox } from '../../sandbox/server';

let sandbox: WeComSandbox;

beforeEach(async () => {
	sandbox = await startSandbox();
});

afterEach(async () => await sandbox.close());

const weatherTool = {
	type: 'function',
	function: {
		name: 'Get_Weather',
		description: 'The weather of a city',
		parameters: {
			type: 'object',
			properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { type: 'string', enum: ['C', 'F'] } },
			required: ['city', 'unit'],
		},
	},
};
const sendTool = { type: 'function', function: { name: 'Send_WeCom_Message', parameters: { type: 'object', properties: {} } } };

async function complete(body: Record<string, unknown>, apiKey = LLM_API_KEY, path = '/v1/chat/completions') {
	const response = await fetch(`${sandbox.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
		body: JSON.stringify({ model: LLM_MODEL, ...body }),
	});
	return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

const ask = (content: string) => [
	{ role: 'system', content: 'You help.' },
	{ role: 'user', content },
];

test('first turn: a tool call in OpenAI’s shape, with arguments filled in from the tool’s schema', async () => {
	const answer = await complete({ messages: ask('Weather in Shenzhen?'), tools: [weatherTool, sendTool] });
	expect(answer.status).toBe(200);
	const body = JSON.parse(answer.text);
	expect(body).toMatchObject({ object: 'chat.completion', model: LLM_MODEL, choices: [{ finish_reason: 'tool_calls', message: { role: 'assistant', content: null } }] });
	const [call] = body.choices[0].message.tool_calls;
	expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'Get_Weather' } });
	expect(JSON.parse(call.function.arguments)).toEqual({ city: 'sandbox', unit: 'C' });
	expect(chatRequestsOf(sandbox)[0].tools).toHaveLength(2);
});

test('the script names the tool and its arguments; a tool the request does not offer is a 400', async () => {
	scriptModel(sandbox, { toolName: 'Send_WeCom_Message', toolArguments: { text: 'hi' } });
	const answer = JSON.parse((await complete({ messages: ask('Say hi'), tools: [weatherTool, sendTool] })).text);
	expect(answer.choices[0].message.tool_calls[0].function).toEqual({ name: 'Send_WeCom_Message', arguments: '{"text":"hi"}' });
	const refused = await complete({ messages: ask('Say hi'), tools: [weatherTool] });
	expect(refused.status).toBe(400);
	expect(JSON.parse(refused.text).error.message).toContain('offers only: Get_Weather');
});

test('once a tool result follows the user’s message: a final text that quotes it', async () => {
	scriptModel(sandbox, { finalText: (results) => `Read ${results.join(', ')}` });
	const messages = [
		...ask('Weather?'),
		{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Get_Weather', arguments: '{}' } }] },
		{ role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
	];
	const body = JSON.parse((await complete({ messages, tools: [weatherTool] })).text);
	expect(body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Read sunny' } });
	// a new question after it starts over with a tool call
	const next = JSON.parse((await complete({ messages: [...messages, { role: 'user', content: 'And tomorrow?' }], tools: [weatherTool] })).text);
	expect(next.choices[0].finish_reason).toBe('tool_calls');
});

test('stream: server-sent chunks (role, tool calls, finish, usage when asked) ending with [DONE]', async () => {
	const answer = await complete({ messages: ask('Weather?'), tools: [weatherTool], stream: true, stream_options: { include_usage: true } });
	expect(answer.type).toBe('text/event-stream');
	const events = answer.text.trim().split('\n\n');
	expect(events.at(-1)).toBe('data: [DONE]');
	const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')));
	expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
	expect(chunks[0].choices[0].delta.role).toBe('assistant');
	expect(chunks[1].choices[0].delta.tool_calls[0]).toMatchObject({ index: 0, function: { name: 'Get_Weather' } });
	expect(chunks[2].choices[0].finish_reason).toBe('tool_calls');
	expect(chunks[3]).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
	const text = await complete({ messages: ask('Hello'), stream: true });
	expect(text.text).toContain('"delta":{"content":"You said: Hello"}');
});

test('the API key is checked (401 in OpenAI’s error shape) and GET /v1/models lists the model', async () => {
	const refused = await complete({ messages: ask('Hi') }, 'sk-wrong');
	expect(refused.status).toBe(401);
	expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'invalid_api_key' } });
	const models = await fetch(`${sandbox.url}/v1/models`, { headers: { authorization: `Bearer ${LLM_API_KEY}` } });
	expect(await models.json()).toMatchObject({ object: 'list', data: [{ id: LLM_MODEL, object: 'model' }] });
	expect((await complete({ messages: [] })).status).toBe(400);
});

test('Responses API: a function_call item first, then an output_text message quoting the function_call_output', async () => {
	const responsesTool = { type: 'function', name: 'Get_Weather', parameters: weatherTool.function.parameters };
	const input = [{ type: 'message', role: 'user', content: 'Weather?' }];
	const first = await complete({ input, tools: [responsesTool] }, LLM_API_KEY, '/v1/responses');
	expect(first.status).toBe(200);
	const [call] = JSON.parse(first.text).output;
	expect(call).toMatchObject({ type: 'function_call', name: 'Get_Weather', call_id: expect.stringMatching(/^call_/), status: 'completed' });
	expect(JSON.parse(call.arguments)).toEqual({ city: 'sandbox', unit: 'C' });
	const second = await complete(
		{ input: [...input, call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }], tools: [responsesTool] },
		LLM_API_KEY,
		'/v1/responses',
	);
	expect(JSON.parse(second.text)).toMatchObject({
		object: 'response',
		status: 'completed',
		output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done. The tool answered: sunny', annotations: [] }] }],
		usage: { total_tokens: expect.any(Number) },
	});
	expect(responsesRequestsOf(sandbox)).toHaveLength(2);
	const streamed = await complete({ input: 'Hi', stream: true }, LLM_API_KEY, '/v1/responses');
	expect(streamed.status).toBe(400);
	expect(JSON.parse(streamed.text).error.message).toContain('without streaming');
});
