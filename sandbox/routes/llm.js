// @ts-check
/**
 * A scripted chat model behind OpenAI's API, so n8n's AI Agent runs offline in tests and the demo:
 * POST /v1/chat/completions (plain JSON, or server-sent events when the request says `stream`),
 * POST /v1/responses (the Responses API, which n8n's OpenAI Chat Model 1.3 uses unless "Use
 * Responses API" is off; plain JSON only) and GET /v1/models (what n8n's OpenAI credential test and
 * model list read). Point n8n's "OpenAI" credential's Base URL at `<sandbox>/v1` with the API key
 * LLM_API_KEY.
 *
 * It is no model: each answer follows from the request alone, so every run is the same.
 *   - The conversation has a tool result (a `tool` message, a `function_call_output` item) after the
 *     last user message: a final text that quotes the tool results (the script's `finalText` can
 *     word it).
 *   - Otherwise, when the request offers tools: one call of the script's tool (default: the first
 *     offered) with the script's arguments (default: filled in from the tool's JSON schema).
 *   - Otherwise: a final text that repeats the user's last message.
 * Every request is kept in the sandbox request log (sandbox.requestsTo(CHAT_COMPLETIONS_PATH) and
 * RESPONSES_PATH), so tests read what the agent sent: the tools it offered, the tool results it read.
 */

/** The sandbox's API key: a fixed sandbox value, not a secret. */
const LLM_API_KEY = 'sk-sandbox-scripted-model-0123456789';
const LLM_MODEL = 'sandbox-scripted-agent';
const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
const RESPONSES_PATH = '/v1/responses';
const EXTENSION = 'llm';
/** Token counts every answer reports (n8n logs them). */
const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

/**
 * @typedef {{ type?: string, name?: string, parameters?: JsonSchema, function?: { name?: string, description?: string, parameters?: JsonSchema } }} OfferedTool
 *   a Chat Completions tool ({ type, function }) or a Responses API one ({ type, name, parameters })
 * @typedef {{ name: string, parameters?: JsonSchema }} Tool
 * @typedef {{ toolResults: string[], lastUserText: string, tools: Tool[] }} Conversation what a turn depends on
 * @typedef {{ content: string, toolCalls: Array<{ id: string, name: string, arguments: string }> }} Turn
 * @typedef {{ type?: string | string[], properties?: Record<string, JsonSchema>, required?: string[], items?: JsonSchema, enum?: unknown[], anyOf?: JsonSchema[] }} JsonSchema
 * @typedef {{ role?: string, content?: unknown, tool_call_id?: string, tool_calls?: unknown[] }} ChatMessage
 *
 * @typedef {object} ModelScript
 * @property {string} [toolName] the tool to call on the first turn; default: the first tool offered
 * @property {Record<string, unknown> | ((tool: Tool) => Record<string, unknown>)} [toolArguments]
 *   the call's arguments; default: filled in from the tool's parameter schema
 * @property {(toolResults: string[]) => string} [finalText] the answer once tool results are in
 */

/**
 * What the model plays from now on (until the sandbox is reset).
 * @param {import('../server').WeComSandbox} sandbox
 * @param {ModelScript} script
 */
function scriptModel(sandbox, script) {
	sandbox.extensions.set(EXTENSION, script);
}

/**
 * The bodies of the chat-completion requests received so far, oldest first.
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {Array<{ model?: string, stream?: boolean, messages: ChatMessage[], tools?: OfferedTool[] }>}
 */
function chatRequestsOf(sandbox) {
	return sandbox.requestsTo(CHAT_COMPLETIONS_PATH).map((request) => {
		const body = /** @type {any} */ (request.body ?? {});
		return { ...body, messages: Array.isArray(body.messages) ? body.messages : [] };
	});
}

/**
 * The bodies of the Responses API requests received so far, oldest first.
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {Array<{ model?: string, input?: unknown, tools?: OfferedTool[] }>}
 */
function responsesRequestsOf(sandbox) {
	return sandbox.requestsTo(RESPONSES_PATH).map((request) => /** @type {any} */ (request.body ?? {}));
}

/**
 * A value that satisfies a JSON schema: the first enum value, "sandbox" for strings, 1, true, and
 * objects with their required (or, when none are marked, all) properties.
 * @param {JsonSchema | undefined} schema
 * @returns {unknown}
 */
function sampleOf(schema) {
	if (!schema) return 'sandbox';
	if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
	if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return sampleOf(schema.anyOf[0]);
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	if (type === 'object' || (type === undefined && schema.properties)) {
		const properties = schema.properties ?? {};
		const names = schema.required && schema.required.length > 0 ? schema.required : Object.keys(properties);
		return Object.fromEntries(names.map((name) => [name, sampleOf(properties[name])]));
	}
	if (type === 'array') return [sampleOf(schema.items)];
	if (type === 'number' || type === 'integer') return 1;
	if (type === 'boolean') return true;
	return 'sandbox';
}

/** @param {unknown} content */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : '')).join('');
	}
	return content === undefined || content === null ? '' : JSON.stringify(content);
}

/**
 * The Chat Completions request as a conversation.
 * @param {{ messages: ChatMessage[], tools?: OfferedTool[] }} body
 * @returns {Conversation}
 */
function chatConversation(body) {
	const lastUser = body.messages.map((message) => message.role).lastIndexOf('user');
	const after = body.messages.slice(lastUser + 1);
	return {
		toolResults: after.filter((message) => message.role === 'tool').map((message) => textOf(message.content)),
		lastUserText: textOf(body.messages[lastUser]?.content),
		tools: toolsOf(body.tools),
	};
}

/**
 * The Responses API request as a conversation: `input` is a text or a list of items (messages by
 * role, `function_call` and `function_call_output` items).
 * @param {{ input?: unknown, tools?: OfferedTool[] }} body
 * @returns {Conversation}
 */
function responsesConversation(body) {
	/** @type {Array<{ role?: string, type?: string, content?: unknown, output?: unknown }>} */
	const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
	const lastUser = items.map((item) => item.role).lastIndexOf('user');
	return {
		toolResults: items
			.slice(lastUser + 1)
			.filter((item) => item.type === 'function_call_output')
			.map((item) => textOf(item.output)),
		lastUserText: textOf(items[lastUser]?.content),
		tools: toolsOf(body.tools),
	};
}

/**
 * The function tools a request offers, in either API's shape.
 * @param {OfferedTool[] | undefined} offered
 * @returns {Tool[]}
 */
function toolsOf(offered) {
	return (Array.isArray(offered) ? offered : []).flatMap((tool) => {
		const name = tool.function?.name ?? tool.name;
		return tool.type === 'function' && name ? [{ name, parameters: tool.function?.parameters ?? tool.parameters }] : [];
	});
}

/**
 * The scripted turn for one request: a tool call or a final text.
 * @param {ModelScript} script
 * @param {Conversation} conversation
 * @param {number} turn counts requests, for unique tool call IDs
 * @returns {Turn | { error: string }}
 */
function nextTurn(script, conversation, turn) {
	const { toolResults, tools } = conversation;
	if (toolResults.length > 0) {
		const content = script.finalText ? script.finalText(toolResults) : `Done. The tool answered: ${toolResults.join(' | ')}`;
		return { content, toolCalls: [] };
	}
	if (tools.length === 0) return { content: `You said: ${conversation.lastUserText}`, toolCalls: [] };
	const tool = script.toolName ? tools.find((offered) => offered.name === script.toolName) : tools[0];
	if (!tool) {
		const offered = tools.map((candidate) => candidate.name).join(', ');
		return { error: `the script calls the tool "${script.toolName}", but the request offers only: ${offered}` };
	}
	const args = typeof script.toolArguments === 'function' ? script.toolArguments(tool) : (script.toolArguments ?? sampleOf(tool.parameters));
	return { content: '', toolCalls: [{ id: `call_sandbox_${turn}`, name: tool.name, arguments: JSON.stringify(args) }] };
}

/**
 * A turn's tool calls in Chat Completions' shape.
 * @param {Turn} turn
 */
function chatToolCalls(turn) {
	return turn.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
}

/**
 * @param {number} status
 * @param {unknown} body
 */
function json(status, body) {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** OpenAI's error shape. @param {number} status @param {string} message @param {string} code */
function openAiError(status, message, code) {
	return json(status, { error: { message, type: 'invalid_request_error', param: null, code } });
}

/**
 * The turn as server-sent events, in the chunks OpenAI streams: the role, the content or the tool
 * calls, the finish reason, usage when asked for, then [DONE].
 * @param {string} id
 * @param {number} created
 * @param {string} model
 * @param {Turn} turn
 * @param {boolean} includeUsage
 */
function eventStream(id, created, model, turn, includeUsage) {
	const chunk = (/** @type {Record<string, unknown>} */ delta, /** @type {string | null} */ finish) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	});
	/** @type {Array<Record<string, unknown>>} */
	const chunks = [chunk({ role: 'assistant', content: '' }, null)];
	if (turn.toolCalls.length > 0) {
		chunks.push(chunk({ tool_calls: chatToolCalls(turn).map((call, index) => ({ index, ...call })) }, null));
	} else {
		chunks.push(chunk({ content: turn.content }, null));
	}
	chunks.push(chunk({}, turn.toolCalls.length > 0 ? 'tool_calls' : 'stop'));
	if (includeUsage) chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: USAGE });
	const body = [...chunks.map((entry) => `data: ${JSON.stringify(entry)}\n\n`), 'data: [DONE]\n\n'].join('');
	return { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body };
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerLlmRoutes(sandbox) {
	/** @param {import('node:http').IncomingMessage} req */
	const authorized = (req) => req.headers.authorization === `Bearer ${LLM_API_KEY}`;
	const unauthorized = () => openAiError(401, 'Incorrect API key provided. Use the sandbox API key in the OpenAI credential.', 'invalid_api_key');
	/** Requests to both APIs so far: numbers the turns, so tool call IDs stay unique. */
	const turnsSoFar = () => sandbox.countOf(CHAT_COMPLETIONS_PATH) + sandbox.countOf(RESPONSES_PATH);

	sandbox.route(
		'GET',
		'/v1/models',
		({ req }) => {
			if (!authorized(req)) return unauthorized();
			return json(200, { object: 'list', data: [{ id: LLM_MODEL, object: 'model', created: 1767225600, owned_by: 'wecom-sandbox' }] });
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		CHAT_COMPLETIONS_PATH,
		({ req, body }) => {
			if (!authorized(req)) return unauthorized();
			if (!Array.isArray(body.messages) || body.messages.length === 0) {
				return openAiError(400, "'messages' must be a non-empty array.", 'invalid_value');
			}
			const turnNumber = turnsSoFar();
			const turn = nextTurn(scriptOf(sandbox), chatConversation(body), turnNumber);
			if ('error' in turn) return openAiError(400, turn.error, 'invalid_value');
			const id = `chatcmpl-sandbox-${turnNumber}`;
			const created = Math.floor(sandbox.now() / 1000);
			const model = typeof body.model === 'string' ? body.model : LLM_MODEL;
			if (body.stream === true) return eventStream(id, created, model, turn, body.stream_options?.include_usage === true);
			const hasCalls = turn.toolCalls.length > 0;
			return json(200, {
				id,
				object: 'chat.completion',
				created,
				model,
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: hasCalls ? null : turn.content, ...(hasCalls ? { tool_calls: chatToolCalls(turn) } : {}), refusal: null },
						logprobs: null,
						finish_reason: hasCalls ? 'tool_calls' : 'stop',
					},
				],
				usage: USAGE,
			});
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		RESPONSES_PATH,
		({ req, body }) => {
			if (!authorized(req)) return unauthorized();
			if (body.input === undefined) return openAiError(400, "Missing required parameter: 'input'.", 'missing_required_parameter');
			if (body.stream === true) {
				return openAiError(400, 'The sandbox answers the Responses API without streaming. Turn off streaming, or use Chat Completions.', 'unsupported_value');
			}
			const turnNumber = turnsSoFar();
			const turn = nextTurn(scriptOf(sandbox), responsesConversation(body), turnNumber);
			if ('error' in turn) return openAiError(400, turn.error, 'invalid_value');
			const output =
				turn.toolCalls.length > 0
					? turn.toolCalls.map((call) => ({ type: 'function_call', id: `fc_${call.id}`, call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' }))
					: [{ type: 'message', id: `msg_sandbox_${turnNumber}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.content, annotations: [] }] }];
			return json(200, {
				id: `resp_sandbox_${turnNumber}`,
				object: 'response',
				created_at: Math.floor(sandbox.now() / 1000),
				status: 'completed',
				model: typeof body.model === 'string' ? body.model : LLM_MODEL,
				output,
				usage: { input_tokens: USAGE.prompt_tokens, output_tokens: USAGE.completion_tokens, total_tokens: USAGE.total_tokens },
			});
		},
		{ auth: false },
	);
};

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {ModelScript}
 */
function scriptOf(sandbox) {
	const script = sandbox.extensions.get(EXTENSION);
	return script && typeof script === 'object' ? script : {};
}

module.exports.LLM_API_KEY = LLM_API_KEY;
module.exports.LLM_MODEL = LLM_MODEL;
module.exports.CHAT_COMPLETIONS_PATH = CHAT_COMPLETIONS_PATH;
module.exports.RESPONSES_PATH = RESPONSES_PATH;
module.exports.scriptModel = scriptModel;
module.exports.chatRequestsOf = chatRequestsOf;
module.exports.responsesRequestsOf = responsesRequestsOf;
