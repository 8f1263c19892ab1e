/** REST routes for projects, documents and their content, under `/api`. */
import { Router } from 'express';
import { z } from 'zod';
import { CreateDocumentBodySchema, CreateProjectBodySchema, IdSchema } from '../../shared/schemas.ts';
import type { Storage } from '../storage/Storage.ts';
import type { ProjectService } from '../services/ProjectService.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });
const DocumentParams = z.object({ projectId: IdSchema, documentId: IdSchema });

export function projectsRouter(deps: { projects: ProjectService; storage: Storage }): Router {
  const { projects, storage } = deps;
  const router = Router();

  router.get('/projects', async (_req, res) => {
    res.json(await storage.listProjects());
  });

  router.post('/projects', async (req, res) => {
    const body = parseInput(CreateProjectBodySchema, req.body, 'project');
    res.status(201).json(await projects.createProject(body));
  });

  router.get('/projects/:projectId', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    res.json(await projects.requireProject(projectId));
  });

  router.get('/projects/:projectId/documents', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await projects.requireProject(projectId);
    res.json(await storage.listDocuments(projectId));
  });

  router.post('/projects/:projectId/documents', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const body = parseInput(CreateDocumentBodySchema, req.body, 'document');
    res.status(201).json(await projects.createDocument(projectId, body));
  });

  router.get('/projects/:projectId/documents/:documentId', async (req, res) => {
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    res.json(await projects.requireDocument(projectId, documentId));
  });

  router.get('/projects/:projectId/documents/:documentId/codings', async (req, res) => {
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    res.json(await projects.codedDocument(projectId, documentId, { includeConsensus: true }));
  });

  router.get('/projects/:projectId/codebook', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    res.json(await projects.codebook(projectId));
  });

  router.get('/projects/:projectId/members', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await projects.requireProject(projectId);
    res.json(await storage.listMembers(projectId));
  });

  router.get('/users', async (_req, res) => {
    res.json(await storage.listUsers());
  });

  return router;
}
