"""The workbench's data order as a DistributedSampler.

The workbench shuffles the training split once per epoch from (seed, epoch)
(seeded_random.epoch_order), cuts the order into batches and every batch
into chunks of 16 images; batch norm normalises each chunk on its own. This
sampler yields, for each step, the step's batch size and the chunks this
process computes: chunk c of a batch goes to process c mod N. Every chunk is
computed by exactly one process with exactly its own images, so N processes
train the network the single-process run trains, up to float32 rounding.
"""

from torch.utils.data.distributed import DistributedSampler

from seeded_random import epoch_order


class ChunkSampler(DistributedSampler):
    def __init__(self, train_indices, seed, batch_size, chunk_size, num_replicas=1, rank=0, max_steps=None):
        super().__init__(train_indices, num_replicas=num_replicas, rank=rank, shuffle=False)
        self.train_indices = train_indices
        self.seed = seed
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.max_steps = max_steps

    def steps(self):
        steps = (len(self.train_indices) + self.batch_size - 1) // self.batch_size
        return steps if self.max_steps is None else min(steps, self.max_steps)

    def __len__(self):
        return self.steps()

    def __iter__(self):
        """(batch size, [(position of the chunk's first image in the batch, dataset indices), ...]) per step."""
        order = epoch_order(self.train_indices, self.seed, self.epoch)
        for step in range(self.steps()):
            start = step * self.batch_size
            batch = min(self.batch_size, len(order) - start)
            chunks = []
            for number, first in enumerate(range(0, batch, self.chunk_size)):
                if number % self.num_replicas == self.rank:
                    chunks.append((first, order[start + first:start + min(batch, first + self.chunk_size)]))
            yield batch, chunks
