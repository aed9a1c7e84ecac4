import { createMemoryBackend } from '../../src/index.ts';
import { describeConformance } from './suite.ts';

describeConformance('memory backend', { create: async () => createMemoryBackend() });
