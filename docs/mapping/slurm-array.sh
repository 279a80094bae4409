#!/usr/bin/env bash
# msmla map as a Slurm job array: 8 tasks map 8 contiguous blocks of map rows of one scene into lcz.tif.shards/;
# a finished shard is skipped, so a resubmitted array only redoes what is missing. Submit, then merge after it:
#   jobid=$(sbatch --parsable slurm-array.sh)
#   sbatch --dependency=afterok:$jobid --wrap "msmla map --merge --output $PWD/lcz.tif"
#SBATCH --job-name=msmla-map
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
set -euo pipefail
# --shard env/8 takes the index from SLURM_ARRAY_TASK_ID; the model's sidecar says which bands to read.
msmla map --model "$PWD/model.dat" --scene "$PWD/scene.tif" --output "$PWD/lcz.tif" \
  --probabilities top --shard env/8 --device cpu
