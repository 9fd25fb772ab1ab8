// @ts-check
/** Every route module registers its handlers on the sandbox; add new modules here. */
module.exports = [require('./token'), require('./users'), require('./departments'), require('./media'), require('./messages'), require('./chats'), require('./customerGroups'), require('./tags'), require('./control'), require('./ui'), require('./webhookBot'), require('./aiBot'), require('./approvals'), require('./smartSheets'), require('./llm')];
