#!/usr/bin/env node
// cnn-workbench: the command line. Each command lives in its own module and is
// loaded only when asked for, so `runs list` does not pay for the engine.

import { UsageError } from './options.js';

const HELP = `cnn-workbench — design, train and understand convolutional networks on your CPU

Usage: cnn-workbench <command> [options]

Commands:
  train        train a network (e.g. --preset mnist-baseline), store the run, print the report tables
  runs         list, show, export or delete stored runs
  datasets     import a folder of your own pictures (or a CSV, IDX or CIFAR-10 data); list, show, delete
  gradcheck    check every backward pass against finite differences (--json)
  report       write a run's report, or two runs compared, as one self-contained HTML file (--out FILE.html)
  serve        serve the workbench UI and API on 127.0.0.1 (--port N, --db PATH)
  bench        measure training and evaluation speed against TensorFlow.js and PyTorch (--json)
  export       write a run's network and weights as ONNX or as a PyTorch project (--format onnx|pytorch --out DIR)
  import-onnx  turn an ONNX model into an architecture (and, with --dataset, a run evaluated here)

Run "cnn-workbench <command> --help" for a command's options.`;

type Command = (argv: string[]) => Promise<number> | number;

const COMMANDS: Record<string, { help: () => Promise<string>; run: () => Promise<Command> }> = {
  train: {
    help: async () => (await import('./trainCommand.js')).TRAIN_HELP,
    run: async () => (await import('./trainCommand.js')).trainCommand,
  },
  runs: {
    help: async () => (await import('./runsCommand.js')).RUNS_HELP,
    run: async () => (await import('./runsCommand.js')).runsCommand,
  },
  datasets: {
    help: async () => (await import('./datasetsCommand.js')).DATASETS_HELP,
    run: async () => (await import('./datasetsCommand.js')).datasetsCommand,
  },
  gradcheck: {
    help: async () => (await import('./gradcheckCommand.js')).GRADCHECK_HELP,
    run: async () => (await import('./gradcheckCommand.js')).gradcheckCommand,
  },
  report: {
    help: async () => (await import('./reportCommand.js')).REPORT_HELP,
    run: async () => (await import('./reportCommand.js')).reportCommand,
  },
  serve: {
    help: async () => (await import('./serveCommand.js')).SERVE_HELP,
    run: async () => (await import('./serveCommand.js')).serveCommand,
  },
  bench: {
    help: async () => (await import('../bench/benchCommand.js')).BENCH_HELP,
    run: async () => (await import('../bench/benchCommand.js')).benchCommand,
  },
  export: {
    help: async () => (await import('./exportCommand.js')).EXPORT_HELP,
    run: async () => (await import('./exportCommand.js')).exportCommand,
  },
  'import-onnx': {
    help: async () => (await import('./importOnnxCommand.js')).IMPORT_ONNX_HELP,
    run: async () => (await import('./importOnnxCommand.js')).importOnnxCommand,
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`cnn-workbench: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(await command.help());
    return 0;
  }
  try {
    return await (await command.run())(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`cnn-workbench: ${error.message}\nRun "cnn-workbench ${name} --help" for the options.`);
      return 2;
    }
    console.error(`cnn-workbench ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
