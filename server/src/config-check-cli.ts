// npm run config:check — prints the configuration the server would run with (secrets masked)
// and warns about what production needs. Exit code 1, with the server's message, when invalid.
import { loadConfigOrExit } from './config.js';
import { formatConfigReport, reportConfig } from './config-check.js';
import { printAnswer } from './shared/command-line.js';

const config = loadConfigOrExit();
printAnswer(formatConfigReport(reportConfig(config, process.env)));
