import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { DetailPage, ItemPending } from '../DetailPage';
import { PageForm, useSubmit } from '../Form';
import { type Product, SignInFirst, useGameVault, useProduct } from './parts';
import {
  blankProduct,
  brokenRules,
  CONDITIONS,
  CONSOLES,
  createBody,
  FORMATS,
  formOf,
  GENRES,
  type ProductForm,
  patchBody,
  RARITIES,
  type TextField,
} from './product-form';

type Choice = 'console' | 'genre' | 'condition' | 'rarity' | 'format';
const CHOICE_LABELS: Record<Choice, (t: TFunction) => string> = {
  console: (t) => t('gamevault.product.console'),
  genre: (t) => t('gamevault.product.genre'),
  condition: (t) => t('gamevault.product.condition'),
  rarity: (t) => t('gamevault.product.rarity'),
  format: (t) => t('gamevault.product.format'),
};

/** Publish a product (`/gamevault/selling/new`) or edit one of the seller's (`/gamevault/selling/:id/edit`). */
export default function ProductEditor() {
  const { t } = useTranslation();
  useGameVault();
  const signedIn = useSignedIn();
  const id = useParams().id;
  if (!signedIn) return <SignInFirst message={t('gamevault.selling.signInFirst')} />;
  return id ? <EditProduct id={id} /> : <ProductFormPage />;
}

function EditProduct({ id }: { id: string }) {
  const product = useProduct(id);
  if (!isUuid(id) || !product.data) return <ItemPending valid={isUuid(id)} query={product} />;
  return <ProductFormPage product={product.data} />;
}

/**
 * The product's fields as the API names them, its rules checked before sending and its
 * problem+json shown by field. Editing sends only what changed; a new product goes on to its
 * edit page, where pictures are added.
 */
function ProductFormPage({ product }: { product?: Product }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  const original = useMemo(() => (product ? formOf(product) : undefined), [product]);
  const [form, setForm] = useState<ProductForm>(() => original ?? blankProduct());
  const [saved, setSaved] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  const set = (patch: Partial<ProductForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };

  const submit = async () => {
    const broken = brokenRules(form, t);
    if (product && original) {
      const body = patchBody(form, original);
      if (Object.keys(body).length === 0) {
        setSaved(true);
        return;
      }
      const answer = await run(broken, () =>
        api.PATCH('/api/gamevault/products/{id}', { params: { path: { id: product.id } }, body }),
      );
      if (!answer?.data) return;
      queries.setQueryData(['gamevault-product', product.id], answer.data);
      void queries.invalidateQueries({ queryKey: ['gamevault-products'] });
      setForm(formOf(answer.data));
      setSaved(true);
      return;
    }
    const answer = await run(broken, () => api.POST('/api/gamevault/products', { body: createBody(form) }));
    if (!answer?.data) return;
    queries.setQueryData(['gamevault-product', answer.data.id], answer.data);
    void queries.invalidateQueries({ queryKey: ['gamevault-products'] });
    void navigate(`/gamevault/selling/${answer.data.id}/edit`, { replace: true, state: { created: true } });
  };

  const text = (field: TextField, props: Record<string, unknown> = {}) => (
    <TextInput
      label={t(`gamevault.selling.fields.${field}`)}
      name={field}
      value={form[field]}
      error={error(field === 'price' ? 'priceCents' : field)}
      onChange={(e) => set({ [field]: e.currentTarget.value })}
      {...props}
    />
  );
  const choice = (field: Choice, options: readonly string[], labels: string) => (
    <NativeSelect
      label={CHOICE_LABELS[field](t)}
      name={field}
      value={form[field]}
      error={error(field)}
      onChange={(e) => set({ [field]: e.currentTarget.value })}
      data={options.map((o) => ({ value: o, label: t(`gamevault.${labels}.${o}`) }))}
    />
  );

  return (
    <DetailPage
      back="/gamevault/selling"
      backLabel={t('gamevault.selling.title')}
      title={product ? t('gamevault.selling.editTitle', { title: product.title }) : t('gamevault.selling.newTitle')}
      maw={880}
    >
      {created && (
        <Alert color="green" role="status" data-testid="product-created">
          {t('gamevault.selling.created')}
        </Alert>
      )}
      <Paper withBorder p="lg">
        <PageForm onSubmit={() => void submit()} errors={errors}>
          {saved && (
            <Alert color="green" role="status" data-testid="form-saved">
              {t('gamevault.selling.saved')}
            </Alert>
          )}
          {text('title', { required: true, maxLength: 200 })}
          <Textarea
            label={t('gamevault.selling.fields.description')}
            name="description"
            autosize
            minRows={3}
            maxLength={5000}
            value={form.description}
            error={error('description')}
            onChange={(e) => set({ description: e.currentTarget.value })}
          />
          {text('keywords', { maxLength: 300, description: t('gamevault.selling.keywordsHelp') })}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {choice('console', CONSOLES, 'consoles')}
            {choice('genre', GENRES, 'genres')}
            {choice('format', FORMATS, 'formats')}
            {choice('condition', CONDITIONS, 'conditions')}
            {choice('rarity', RARITIES, 'rarities')}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text('price', { required: true, inputMode: 'decimal' })}
            {text('stock', { required: true, inputMode: 'numeric' })}
          </SimpleGrid>
          <Group justify="end">
            <Button type="submit" loading={busy}>
              {product ? t('gamevault.selling.save') : t('gamevault.selling.publish')}
            </Button>
          </Group>
        </PageForm>
      </Paper>
      {product && <Pictures product={product} />}
    </DetailPage>
  );
}

/** The product's pictures (at most 10) and adding one: the catalog checks its type by its bytes, resizes it and strips EXIF. */
function Pictures({ product }: { product: Product }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const { errors, busy, run } = useSubmit();
  const upload = async () => {
    const chosen = file;
    const broken: Record<string, string> = chosen ? {} : { file: t('gamevault.selling.rules.file') };
    const answer = await run(broken, () => {
      const data = new FormData();
      if (chosen) data.append('file', chosen);
      return api.POST('/api/gamevault/products/{id}/images', {
        params: { path: { id: product.id } },
        body: { file: '' },
        bodySerializer: () => data,
      });
    });
    if (!answer?.data) return;
    setFile(null);
    await queries.invalidateQueries({ queryKey: ['gamevault-product', product.id] });
    void queries.invalidateQueries({ queryKey: ['gamevault-products'] });
  };
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="product-pictures">
      <Stack>
        <Text id="product-pictures" fw={600}>
          {t('gamevault.selling.pictures', { count: product.images.length })}
        </Text>
        <Group>
          {product.images.map((image) => (
            <img
              key={image.id}
              src={image.thumbnailUrl}
              alt={product.title}
              width={96}
              height={96}
              data-testid="product-picture"
            />
          ))}
        </Group>
        {product.images.length < 10 && (
          <PageForm onSubmit={() => void upload()} errors={errors} gap="sm">
            <label>
              <Text size="sm">{t('gamevault.selling.pictureFile')}</Text>
              <input
                type="file"
                name="file"
                accept="image/jpeg,image/png,image/webp,image/gif"
                onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              />
            </label>
            {errors.fields.file && (
              <Text c="red" size="sm" role="alert">
                {errors.fields.file}
              </Text>
            )}
            <Group>
              <Button type="submit" variant="default" loading={busy}>
                {t('gamevault.selling.upload')}
              </Button>
            </Group>
          </PageForm>
        )}
      </Stack>
    </Paper>
  );
}
